package io.hubscope.hub.server;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.limit.LimitExceededException;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.pipeline.Pipeline;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.ArgumentDecoder;
import io.hubscope.hub.vm.UnknownVMTypeException;
import io.hubscope.hub.vm.VMArgumentException;
import io.hubscope.hub.vm.VMException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns a client invocation into a call: the dotNetify methods go through the middleware pipeline
 * to the view models; custom methods go to their handler. The same path serves direct clients and
 * logical connections behind proxies.
 */
public final class HubDispatcher {

  private final Pipeline pipeline;
  private final ViewModelHandler viewModels;
  private final Map<String, HubMethod> methods;
  private final Map<String, DecodedMethod<?>> decodedMethods;
  private final Map<String, ArgumentDecoder<?>> decoders;
  private final HubMetrics metrics;
  private final ObjectMapper mapper;

  HubDispatcher(Pipeline pipeline, ViewModelHandler viewModels, Map<String, HubMethod> methods,
      Map<String, DecodedMethod<?>> decodedMethods, HubMetrics metrics, ObjectMapper mapper) {
    this.pipeline = pipeline;
    this.viewModels = viewModels;
    this.methods = Map.copyOf(methods);
    this.decodedMethods = Map.copyOf(decodedMethods);
    Map<String, ArgumentDecoder<?>> decoders = new HashMap<>();
    decodedMethods.forEach((name, decoded) -> decoders.put(name, decoded.decoder()));
    this.decoders = Map.copyOf(decoders);
    this.metrics = metrics;
    this.mapper = mapper;
  }

  /** The decoders of the decoded methods, by name: a reader may decode their arguments as it reads them. */
  public Map<String, ArgumentDecoder<?>> decoders() {
    return decoders;
  }

  /** Carries out {@code invocation}; the Mono yields the result (empty for void) or the error. */
  public Mono<JsonNode> dispatch(HubConnection connection, InvocationMessage invocation) {
    long start = System.nanoTime();
    String target = invocation.target();
    CallType callType = CallType.ofMethod(target);
    try {
      if (callType != null) {
        HubContext ctx = contextOf(connection, callType, treeArguments(invocation));
        Mono<Void> call;
        if (pipeline.isEmpty()) {
          // No middleware: the view models are called at once, and a call done when it returns (most
          // are) is answered without a Mono chain; one that throws is counted below, as in the chain.
          CompletionStage<Void> later = callViewModels(ctx);
          if (isDone(later)) {
            metrics.dispatched(callType, System.nanoTime() - start);
            return Mono.empty();
          }
          call = Mono.fromCompletionStage(later);
        } else {
          call = pipeline.run(ctx, this::terminal);
        }
        return valueless(call).doOnError(this::count)
            .doFinally(signal -> metrics.dispatched(callType, System.nanoTime() - start));
      }
      HubMethod method = methods.get(target);
      Mono<?> called;
      if (method != null) {
        called = method.invoke(new HubCall(connection, target, treeArguments(invocation)));
      } else {
        DecodedMethod<?> decoded = decodedMethods.get(target);
        if (decoded == null) {
          throw new HubCallException("unknown_target", "Unknown hub method '" + target + "'");
        }
        called = decoded.invoke(connection, target,
            invocation.isDecoded() ? invocation.decodedArguments() : decoded.decode(mapper, invocation.arguments()));
      }
      return called
          .map(result -> result instanceof JsonNode node ? node : mapper.valueToTree(result))
          .doOnError(this::count)
          .doFinally(signal -> metrics.dispatched(null, System.nanoTime() - start));
    } catch (RuntimeException e) {
      count(e);
      metrics.dispatched(callType, System.nanoTime() - start);
      return Mono.error(e);
    }
  }

  /**
   * The arguments as trees. Decoded ones are only read for decoded methods, so another method never
   * gets them; if it did, it would get the trees Jackson makes of them rather than none.
   */
  private List<JsonNode> treeArguments(InvocationMessage invocation) {
    if (!invocation.isDecoded()) return invocation.arguments();
    List<JsonNode> trees = new ArrayList<>(invocation.decodedArguments().size());
    for (Object argument : invocation.decodedArguments()) trees.add(mapper.valueToTree(argument));
    return trees;
  }

  /** A call without a value as the dispatch result: a {@code Mono<Void>} emits nothing, so no operator is needed. */
  @SuppressWarnings("unchecked")
  private static Mono<JsonNode> valueless(Mono<Void> call) {
    return (Mono<JsonNode>) (Mono<?>) call;
  }

  private Mono<Void> terminal(HubContext ctx) {
    return Mono.defer(() -> {
      CompletionStage<Void> later = callViewModels(ctx);
      // Most view-model calls are done by the time they return: no completion-stage subscription for those.
      return isDone(later) ? Mono.<Void>empty() : Mono.fromCompletionStage(later);
    });
  }

  /** The view models' part of a call; null or a completed stage when it is done. */
  private CompletionStage<Void> callViewModels(HubContext ctx) {
    return switch (ctx.callType()) {
      case REQUEST_VM -> viewModels.requestAsync(ctx);
      case UPDATE_VM -> viewModels.updateAsync(ctx);
      case DISPOSE_VM -> {
        viewModels.dispose(ctx);
        yield null;
      }
      default -> throw new IllegalStateException("not a client call: " + ctx.callType());
    };
  }

  private static boolean isDone(CompletionStage<Void> later) {
    return later == null
        || later instanceof CompletableFuture<Void> done && done.isDone() && !done.isCompletedExceptionally();
  }

  private static HubContext contextOf(HubConnection connection, CallType callType, List<JsonNode> args) {
    if (args.isEmpty() || !args.get(0).isString()) {
      throw new HubCallException("bad_arguments",
          callType.method() + " expects a view-model id (string) as its first argument");
    }
    String vmId = args.get(0).asString();
    JsonNode data = args.size() > 1 ? args.get(1) : null;
    if (data != null && data.isNull()) data = null;
    if (callType == CallType.UPDATE_VM && (data == null || !data.isObject())) {
      throw new HubCallException("bad_arguments", "Update_VM expects an object of property values");
    }
    if (callType == CallType.REQUEST_VM && data != null && !data.isObject()) {
      throw new HubCallException("bad_arguments", "Request_VM expects an object such as {\"$vmArg\":{...}}");
    }
    JsonNode headers = callType == CallType.REQUEST_VM && data != null ? data.get("$headers") : null;
    return new HubContext(connection, callType, vmId, data, headers);
  }

  private void count(Throwable e) {
    if (e instanceof LimitExceededException) return; // counted where it was refused, by its limit
    String kind;
    if (e instanceof HubCallException call) kind = call.kind();
    else if (e instanceof UnknownVMTypeException) kind = "unknown_vm";
    else if (e instanceof VMArgumentException) kind = "bad_arguments";
    else if (e instanceof VMException) kind = "vm_error";
    else kind = "call_failed";
    metrics.error(kind);
  }
}
