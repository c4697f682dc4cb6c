package io.hubscope.hub.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded channel (its event loop is the test's thread) that counts the flushes reaching it
 * and hands out the text frames flushed so far, for the send paths' tests.
 */
public final class FlushCountingChannel {

  public final AtomicInteger flushes = new AtomicInteger();
  public final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes.incrementAndGet();
      ctx.flush();
    }
  });

  /** The texts of the text frames flushed since the last call, in order (the frames are released). */
  public List<String> writtenTexts() {
    List<String> out = new ArrayList<>();
    TextWebSocketFrame frame;
    while ((frame = channel.readOutbound()) != null) {
      out.add(frame.text());
      frame.release();
    }
    return out;
  }
}
