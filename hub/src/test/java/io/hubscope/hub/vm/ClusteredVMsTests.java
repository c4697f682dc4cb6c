package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.protocol.InvocationMessage;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The runtime with a cluster: which calls go to it, and what a member's connection holds meanwhile. */
class ClusteredVMsTests {

  /** Owns everything here, as a one-server cluster would; records what the runtime asked. */
  final class LocalCluster implements HubCluster {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override public void start(ClusterHost host) {}

    @Override
    public CompletionStage<Void> join(SharedMember member) {
      calls.add("join " + member.key().vmId() + " " + member.key().group() + " " + member.connectionId());
      if (down) return CompletableFuture.failedFuture(new ClusterUnavailableException("Redis is unreachable"));
      owner.hostJoin(member);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> update(SharedMember member, JsonNode data) {
      calls.add("update " + member.key().vmId() + " " + member.connectionId());
      owner.hostUpdate(member, data);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void leave(SharedKey key, String connectionId) {
      calls.add("leave " + key.vmId() + " " + connectionId);
      owner.hostLeave(key, connectionId);
    }

    @Override public boolean isRemote(String connectionId) { return false; }
    @Override public void respond(String connectionId, String vmId, String vmData) {}
    @Override public void addToGroup(String connectionId, String group) {}
    @Override public void removeFromGroup(String connectionId, String group) {}
    @Override public void groupPush(String group, String vmId, String vmData, Collection<String> excluded) {}
    @Override public void groupSent(String group, Collection<String> excluded, InvocationMessage message) {}
    @Override public void close() {}
  }

  final RecordingVMResponder responder = new RecordingVMResponder();
  final VMRuntime runtime = new VMRuntime(new VMRegistry()
      .register("HelloWorld", TestVMs.HelloWorld::new)
      .registerMulticast("Counter", TestVMs.SharedCounter::new), responder);
  final LocalCluster cluster = new LocalCluster();
  final SharedViewModels owner = runtime.cluster(cluster);

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void privateViewModel_neverReachesTheCluster() {
    assertThat(runtime.requestAsync(connection("c1"), null, "HelloWorld", null)).isNull();
    assertThat(responder.lastDataTo("c1", "HelloWorld").has("Greeting")).isTrue();
    assertThat(cluster.calls).isEmpty();
  }

  @Test
  void sharedViewModel_requestUpdateDispose_eachGoThroughTheClusterOnce() {
    runtime.requestAsync(connection("c1"), null, "Counter", null).toCompletableFuture().join();
    assertThat(responder.lastDataTo("c1", "Counter").get("Count").asInt()).isZero();
    assertThat(runtime.directory().holds("c1", "Counter")).isTrue();
    assertThat(runtime.directory().vmCount("c1")).isEqualTo(1);

    runtime.updateAsync(connection("c1"), "Counter", json("{\"Increment\":null}")).toCompletableFuture().join();
    assertThat(responder.lastDataTo("c1", "Counter").get("Count").asInt()).isEqualTo(1);

    runtime.dispose("c1", "Counter");
    assertThat(runtime.directory().holds("c1", "Counter")).isFalse();
    assertThat(cluster.calls).containsExactly("join Counter $vm:Counter c1", "update Counter c1", "leave Counter c1");
    assertThat(runtime.directory().sharedInstanceCount()).isZero();
  }

  @Test
  void clusterDown_theMemberGetsTheErrorResponse_andHoldsNothing() {
    cluster.down = true;

    CompletionStage<Void> stage = runtime.requestAsync(connection("c1"), null, "Counter", null);

    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
    JsonNode error = responder.lastDataTo("c1", "Counter");
    assertThat(error.get("ExceptionType").asString()).isEqualTo("ClusterUnavailableException");
    assertThat(runtime.directory().holds("c1", "Counter")).isFalse();
  }
}
