package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.FlushCountingChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboundQueueTests {

  final FlushCountingChannel counting = new FlushCountingChannel();
  final AtomicInteger flushes = counting.flushes;
  final EmbeddedChannel channel = counting.channel;

  @Test
  void drain_writesABurstInOrderWithOneFlush() {
    OutboundQueue queue = new OutboundQueue(new WebSocketLink(channel, false));
    for (int i = 0; i < 100; i++) {
      queue.enqueue(("m" + i).getBytes(StandardCharsets.UTF_8), null);
    }

    channel.runPendingTasks();

    assertThat(flushes).hasValue(1);
    assertThat(counting.writtenTexts()).hasSize(100).startsWith("m0", "m1").endsWith("m99");
  }

  @Test
  void drain_writesBinaryFramesForBinaryProtocolsAndReportsTheWrite() {
    OutboundQueue queue = new OutboundQueue(new WebSocketLink(channel, true));
    List<Throwable> results = new ArrayList<>();

    queue.enqueue(new byte[] {1, 2}, results::add);
    channel.runPendingTasks();

    WebSocketFrame frame = channel.readOutbound();
    assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(frame.content().readableBytes()).isEqualTo(2);
    frame.release();
    assertThat(results).containsExactly((Throwable) null);
  }

  @Test
  void drain_failsMessagesQueuedAfterTheChannelClosed() {
    OutboundQueue queue = new OutboundQueue(new WebSocketLink(channel, false));
    List<Throwable> results = new ArrayList<>();
    channel.close();

    queue.enqueue(new byte[] {'x'}, results::add);
    channel.runPendingTasks();

    assertThat(results).singleElement().isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void sendsMadeWhileTheLinkIsRead_areWrittenAtOnce_andFlushedOnceWhenTheReadCompletes() {
    OutboundQueue queue = new OutboundQueue(new WebSocketLink(channel, false));
    List<Throwable> results = new ArrayList<>();

    queue.readStarted();
    queue.enqueue("answer-1".getBytes(StandardCharsets.UTF_8), results::add);
    queue.enqueue("answer-2".getBytes(StandardCharsets.UTF_8), null);

    assertThat(channel.hasPendingTasks()).as("no drain task").isFalse();
    assertThat(flushes).as("not before the read ends").hasValue(0);

    queue.readComplete();

    assertThat(flushes).hasValue(1);
    assertThat(counting.writtenTexts()).containsExactly("answer-1", "answer-2");
    assertThat(results).containsExactly((Throwable) null);
  }
}
