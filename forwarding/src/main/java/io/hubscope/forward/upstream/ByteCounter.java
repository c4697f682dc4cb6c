package io.hubscope.forward.upstream;

import io.hubscope.forward.metrics.ForwardingMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes that cross the upstream sockets, at the socket end of the pipeline: the real
 * figure on the wire (frames, headers and all), at no encoding cost.
 */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {

  private final ForwardingMetrics metrics;

  ByteCounter(ForwardingMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf buf) metrics.bytes(false, buf.readableBytes());
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof ByteBuf buf) metrics.bytes(true, buf.readableBytes());
    super.write(ctx, msg, promise);
  }
}
