package io.hubscope.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.FlushCountingChannel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outlet's two write paths on an embedded channel (its event loop is the test's thread). */
class SocketOutletTests {

  final FlushCountingChannel counting = new FlushCountingChannel();
  final AtomicInteger flushes = counting.flushes;
  final EmbeddedChannel channel = counting.channel;
  final SocketOutlet outlet = new SocketOutlet();

  @Test
  void framesEmittedBeforeTheSocket_goOutFirst_inOrder_withOneFlush() {
    outlet.emit(bytes("a"), false);
    outlet.emit(bytes("b"), false);
    assertThat(channel.hasPendingTasks()).as("no socket yet: nothing to drain on").isFalse();

    outlet.attach(channel, null);
    long queued = outlet.emit(bytes("c"), false);
    assertThat(queued).as("bytes waiting for the drain").isEqualTo(3);
    channel.runPendingTasks();

    assertThat(written()).containsExactly("a", "b", "c");
    assertThat(flushes).hasValue(1);
  }

  @Test
  void answersWrittenWhileTheSocketIsRead_waitForTheReadsEnd_andShareOneFlush() {
    outlet.attach(channel, null);
    channel.runPendingTasks();
    flushes.set(0);

    outlet.readStarted();
    assertThat(outlet.emit(bytes("one"), false)).as("written, not queued").isZero();
    outlet.emit(bytes("two"), false);
    assertThat(channel.hasPendingTasks()).as("no drain task").isFalse();
    assertThat(flushes).as("not before the read ends").hasValue(0);

    outlet.readComplete();

    assertThat(flushes).hasValue(1);
    assertThat(written()).containsExactly("one", "two");
  }

  @Test
  void aFrameQueuedBeforeTheRead_keepsItsPlaceBeforeTheAnswers() {
    outlet.attach(channel, null);
    channel.runPendingTasks();

    outlet.emit(bytes("timer"), false); // from the queue path: a drain task is pending
    outlet.readStarted();
    outlet.emit(bytes("answer"), false);
    outlet.readComplete();
    channel.runPendingTasks();

    assertThat(written()).containsExactly("timer", "answer");
  }

  @Test
  void complete_endsAfterTheQueuedFrames_withACloseFrame_thenWaitsForTheClientsClose() {
    channel.freezeTime();
    outlet.attach(channel, null);
    outlet.emit(bytes("last"), false);
    outlet.complete();
    assertThat(outlet.emit(bytes("too late"), false)).isPositive();

    channel.runPendingTasks();

    TextWebSocketFrame last = channel.readOutbound();
    assertThat(last.text()).isEqualTo("last");
    last.release();
    CloseWebSocketFrame close = channel.readOutbound();
    assertThat(close.statusCode()).isEqualTo(1000);
    close.release();
    assertThat((Object) channel.readOutbound()).as("nothing after the Close frame").isNull();
    assertThat(outlet.ended().toFuture()).isDone();
    assertThat(outlet.closeSent()).isTrue();
    assertThat(channel.isOpen()).as("open for the client's Close frame").isTrue();

    channel.advanceTimeBy(SocketOutlet.CLOSE_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).as("closed when the client does not answer in time").isFalse();
  }

  @Test
  void aSocketWhoseEventLoopHasStopped_endsQuietly_whenTheHubClosesIt() throws Exception {
    var loop = new DefaultEventLoop();
    var socket = new LocalChannel();
    loop.register(socket).sync();
    outlet.attach(socket, null);
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync(); // a shutdown that stops the loops first

    outlet.emit(bytes("unsent"), false);
    outlet.complete();

    assertThat(outlet.ended().toFuture()).as("ended, not a RejectedExecutionException").isDone();
    assertThat(outlet.emit(bytes("after"), false)).as("nothing kept queued for a loop that is gone").isZero();
  }

  private List<String> written() {
    return counting.writtenTexts();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
