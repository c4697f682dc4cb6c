package io.hubscope.hub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import reactor.netty.Connection;

/**
 * Hands a socket's data frames (fragments already joined) from the Netty pipeline to its
 * connection, on the event loop, without a reactive stream per frame; tells the socket's outlet when
 * a read starts and completes, so that the answers written while reading share one flush, and when
 * the channel becomes writable again. Control frames (ping, pong, close) go on to Reactor Netty,
 * which answers them and ends the socket; but a Close frame that answers the server's own ends the
 * socket here, since Reactor Netty would answer it with a second Close frame.
 */
final class SocketFrames extends ChannelInboundHandlerAdapter {

  /** Receives one whole data frame; its content is released after the call. */
  interface Receiver {
    void onFrame(ByteBuf content, boolean binary);
  }

  private final SocketOutlet outlet;
  private final Receiver receiver;

  private SocketFrames(SocketOutlet outlet, Receiver receiver) {
    this.outlet = outlet;
    this.receiver = receiver;
  }

  /** Adds the frame joiner and this reader in front of Reactor Netty's handler on {@code connection}. */
  static void install(Connection connection, int maxFramePayload, SocketOutlet outlet, Receiver receiver) {
    connection.addHandlerLast("hubscope.frameAggregator", new WebSocketFrameAggregator(maxFramePayload));
    connection.addHandlerLast("hubscope.frames", new SocketFrames(outlet, receiver));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof CloseWebSocketFrame answer && outlet.closeSent()) {
      // The client's answer to the server's Close frame: the closing handshake is done.
      answer.release();
      ctx.close();
      return;
    }
    boolean binary = msg instanceof BinaryWebSocketFrame;
    if (!binary && !(msg instanceof TextWebSocketFrame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf content = ((WebSocketFrame) msg).content();
    outlet.readStarted();
    try {
      receiver.onFrame(content, binary);
    } finally {
      content.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    outlet.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) outlet.writable();
    ctx.fireChannelWritabilityChanged();
  }
}
