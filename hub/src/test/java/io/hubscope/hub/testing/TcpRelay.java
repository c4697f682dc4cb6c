package io.hubscope.hub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a client and a server on a free loopback port, for tests of a network that
 * drops a connection: {@link #stall()} makes it swallow what either side sends (the bytes are
 * written, as far as the sender knows, and never arrive), and {@link #cut()} resets both sides of
 * every relayed connection at once, so neither peer gets a WebSocket Close frame or a Close
 * message, as when a path dies. Plain blocking sockets on daemon threads of its own, never on an
 * event loop.
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket[]> pairs = new CopyOnWriteArrayList<>();
  private volatile int accepted;
  private volatile boolean stalled;
  private final AtomicInteger swallowedFromServer = new AtomicInteger();

  public TcpRelay(int targetPort) {
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections relayed so far, cut or not. */
  public int accepted() {
    return accepted;
  }

  /** From now until the next {@link #cut()}, reads from both sides are dropped instead of relayed. */
  public void stall() {
    stalled = true;
  }

  /** Reads from the server side dropped while stalled (a frame sent 50 ms after the last is one read). */
  public int swallowedFromServer() {
    return swallowedFromServer.get();
  }

  /** Resets both sides of every relayed connection (RST, no FIN); returns how many were cut. */
  public int cut() {
    stalled = false;
    int cut = 0;
    for (Socket[] pair : pairs) {
      reset(pair[0]);
      reset(pair[1]);
      pairs.remove(pair);
      cut++;
    }
    return cut;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(target, 5000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Socket[] pair = {client, server};
        pairs.add(pair);
        accepted++;
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        if (listener.isClosed()) return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (stalled) {
            if (fromServer) swallowedFromServer.incrementAndGet();
            continue;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // cut or closed: the other pump sees it too
      }
    }, "tcp-relay-pump-" + from.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close() then sends RST instead of FIN
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
