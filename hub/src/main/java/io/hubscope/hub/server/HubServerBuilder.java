package io.hubscope.hub.server;

import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.ExceptionMiddleware;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.protocol.ArgumentDecoder;
import io.hubscope.hub.protocol.JsonMappers;
import io.hubscope.hub.transport.HubTransports;
import io.hubscope.hub.transport.NegotiatePolicy;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.hub.transport.reconnect.ReconnectSettings;
import io.hubscope.hub.vm.VMResponder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;

/** Builds a {@link HubServer}; fails fast on bad settings. */
public final class HubServerBuilder {

  String path = "/dotnetify";
  TransportSettings settings = TransportSettings.defaults();
  HubLimits limits = HubLimits.defaults();
  HubTransports transports = HubTransports.defaults();
  ReconnectSettings reconnect = ReconnectSettings.defaults();
  HubMetrics metrics = HubMetrics.NOOP;
  NegotiatePolicy policy = NegotiatePolicy.OPEN;
  Set<String> trustedProxies = Set.of();
  Set<String> allowedOrigins = Set.of();
  Function<VMResponder, ViewModelHandler> viewModels = r -> ViewModelHandler.NONE;
  final List<Middleware> middlewares = new ArrayList<>();
  final List<ResponseMiddleware> responseMiddlewares = new ArrayList<>();
  final List<DisconnectionMiddleware> disconnectionMiddlewares = new ArrayList<>();
  final List<ExceptionMiddleware> exceptionMiddlewares = new ArrayList<>();
  final Map<String, HubMethod> methods = new LinkedHashMap<>();
  final Map<String, DecodedMethod<?>> decodedMethods = new LinkedHashMap<>();
  ObjectMapper mapper = JsonMappers.builder().build();
  HubCluster cluster;

  HubServerBuilder() {}

  /** The hub path, {@code /dotnetify} by default. */
  public HubServerBuilder path(String path) {
    if (path == null || !path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("path must start and not end with '/': " + path);
    }
    this.path = path;
    return this;
  }

  public HubServerBuilder settings(TransportSettings settings) {
    if (settings == null) throw new IllegalArgumentException("settings == null");
    this.settings = settings;
    return this;
  }

  /** Bounds on connections, negotiations, view models and groups; {@link HubLimits#defaults()} otherwise. */
  public HubServerBuilder limits(HubLimits limits) {
    if (limits == null) throw new IllegalArgumentException("limits == null");
    this.limits = limits;
    return this;
  }

  /** Which transports negotiate lists and the hub serves, and the long-poll timeout; all three by default. */
  public HubServerBuilder transports(HubTransports transports) {
    if (transports == null) throw new IllegalArgumentException("transports == null");
    this.transports = transports;
    return this;
  }

  /** Stateful reconnect: on, 100,000-byte replay buffer, 15 s grace by default. */
  public HubServerBuilder statefulReconnect(ReconnectSettings settings) {
    if (settings == null) throw new IllegalArgumentException("settings == null");
    this.reconnect = settings;
    return this;
  }

  public HubServerBuilder metrics(HubMetrics metrics) {
    if (metrics == null) throw new IllegalArgumentException("metrics == null");
    this.metrics = metrics;
    return this;
  }

  /** Who may connect (401 otherwise) and where negotiate redirects to. */
  public HubServerBuilder negotiatePolicy(NegotiatePolicy policy) {
    if (policy == null) throw new IllegalArgumentException("policy == null");
    this.policy = policy;
    return this;
  }

  /** Peers whose {@code X-Forwarded-For} is believed. */
  public HubServerBuilder trustedProxies(Set<String> addresses) {
    this.trustedProxies = Set.copyOf(addresses);
    return this;
  }

  /**
   * Origins of pages allowed to negotiate from another origin (exact, or {@code *} for any), such
   * as the app server's pages when it redirects browsers to proxies.
   */
  public HubServerBuilder allowedOrigins(Set<String> origins) {
    this.allowedOrigins = Set.copyOf(origins);
    return this;
  }

  /** The view-model runtime, created with the responder it pushes through. */
  public HubServerBuilder viewModels(Function<VMResponder, ViewModelHandler> factory) {
    if (factory == null) throw new IllegalArgumentException("factory == null");
    this.viewModels = factory;
    return this;
  }

  /**
   * Shares multicast view models and groups with other hub servers through {@code cluster}; the
   * hub starts it and closes it with itself. Needs the dotNetify runtime ({@link ViewModels}).
   * Without one (the default) the hub is a single server.
   */
  public HubServerBuilder cluster(HubCluster cluster) {
    this.cluster = requireNonNull(cluster);
    return this;
  }

  /** Appends a middleware; they run in the order added. */
  public HubServerBuilder middleware(Middleware middleware) {
    addOnce(middlewares, requireNonNull(middleware));
    return this;
  }

  public HubServerBuilder responseMiddleware(ResponseMiddleware middleware) {
    addOnce(responseMiddlewares, requireNonNull(middleware));
    return this;
  }

  public HubServerBuilder disconnectionMiddleware(DisconnectionMiddleware middleware) {
    addOnce(disconnectionMiddlewares, requireNonNull(middleware));
    return this;
  }

  public HubServerBuilder exceptionMiddleware(ExceptionMiddleware middleware) {
    addOnce(exceptionMiddlewares, requireNonNull(middleware));
    return this;
  }

  /** Adds a hub method besides Request_VM, Update_VM and Dispose_VM. */
  public HubServerBuilder method(String name, HubMethod method) {
    checkNew(name);
    methods.put(name, requireNonNull(method));
    return this;
  }

  /**
   * Adds a hub method whose arguments {@code decoder} reads straight from the message instead of
   * trees (see {@link ArgumentDecoder}): for a method whose arguments are large and read once, such
   * as the observer's tap batches, where the tree was most of the cost of a call.
   */
  public <T> HubServerBuilder decodedMethod(String name, ArgumentDecoder<T> decoder, DecodedHubMethod<T> method) {
    checkNew(name);
    decodedMethods.put(name, new DecodedMethod<>(requireNonNull(decoder), requireNonNull(method)));
    return this;
  }

  private void checkNew(String name) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("method name is empty");
    if (methods.containsKey(name) || decodedMethods.containsKey(name)) {
      throw new IllegalArgumentException("method already registered: " + name);
    }
  }

  public HubServerBuilder mapper(ObjectMapper mapper) {
    this.mapper = requireNonNull(mapper);
    return this;
  }

  public HubServer build() {
    return new HubServer(this);
  }

  /**
   * The same instance added twice (a bean the container collects that also installs itself) runs
   * once, in its first position.
   */
  private static <T> void addOnce(List<T> list, T item) {
    for (T existing : list) {
      if (existing == item) return;
    }
    list.add(item);
  }

  private static <T> T requireNonNull(T value) {
    if (value == null) throw new IllegalArgumentException("null");
    return value;
  }
}
