package io.hubscope.hub.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.function.Consumer;

/** A hub connection over one WebSocket: a message is a frame, text or binary as the protocol is. */
final class WebSocketLink implements ClientLink {

  private final Channel channel;
  private final boolean binary;

  WebSocketLink(Channel channel, boolean binary) {
    this.channel = channel;
    this.binary = binary;
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public boolean isActive() {
    return channel.isActive();
  }

  @Override
  public void write(byte[] payload, Consumer<Throwable> onWritten) {
    channel.write(binary
        ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))
        : new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)), promise(onWritten));
  }

  @Override
  public void writeHandshake(byte[] request) {
    channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(request)));
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void close() {
    channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(f -> channel.close());
  }

  @Override
  public void whenClosed(Runnable listener) {
    channel.closeFuture().addListener(f -> listener.run());
  }

  private ChannelPromise promise(Consumer<Throwable> onWritten) {
    if (onWritten == null) return channel.voidPromise();
    ChannelPromise promise = channel.newPromise();
    promise.addListener(f -> onWritten.accept(f.cause()));
    return promise;
  }
}
