package io.hubscope.hub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket over a plain {@link Socket}, written byte by byte: nothing answers for the test (no
 * automatic Close or Pong), so a test sees when the server writes, closes or resets its socket.
 */
public final class PlainWebSocket {

  /** A frame as read: its opcode (1 text, 8 close, ...) and payload. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a Close frame; 1005 (none) when it carries none. */
    public int closeStatus() {
      return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  public static final int TEXT = 0x1;
  public static final int CLOSE = 0x8;

  private PlainWebSocket() {}

  /** Connects {@code socket} to the hub on {@code port}, upgrades it and sends the JSON handshake. */
  public static void open(Socket socket, int port) throws IOException {
    if (!socket.isConnected()) socket.connect(new InetSocketAddress("127.0.0.1", port));
    String key = Base64.getEncoder().encodeToString("hubscope-test-key".getBytes(StandardCharsets.US_ASCII)).substring(0, 22) + "==";
    OutputStream out = socket.getOutputStream();
    out.write(("GET /dotnetify HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readUntil(socket.getInputStream(), "\r\n\r\n");
    if (!head.startsWith("HTTP/1.1 101")) throw new IOException("not upgraded: " + head);
    writeText(out, "{\"protocol\":\"json\",\"version\":1}\u001e");
  }

  public static void writeText(OutputStream out, String text) throws IOException {
    writeFrame(out, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A Close frame with {@code status} and no reason. */
  public static void writeClose(OutputStream out, int status) throws IOException {
    writeFrame(out, CLOSE, new byte[] {(byte) (status >> 8), (byte) status});
  }

  /** One final, masked frame (as a client must send it); short test payloads, under 126 bytes. */
  private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
    if (payload.length > 125) throw new IllegalArgumentException("test frames are under 126 bytes");
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 6);
    frame.write(0x80 | opcode);
    frame.write(0x80 | payload.length);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame the server sent (unmasked, as a server sends them); null at the end of the stream. */
  public static Frame readFrame(InputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) return null;
    int len = readByte(in) & 0x7f;
    if (len == 126) {
      len = (readByte(in) << 8) | readByte(in);
    } else if (len == 127) {
      long l = 0;
      for (int i = 0; i < 8; i++) l = (l << 8) | readByte(in);
      len = Math.toIntExact(l);
    }
    return new Frame(b0 & 0x0f, in.readNBytes(len));
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) throw new IOException("closed inside a frame header");
    return b;
  }

  public static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    while (text.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after " + text);
      text.append((char) b);
    }
    return text.toString();
  }
}
