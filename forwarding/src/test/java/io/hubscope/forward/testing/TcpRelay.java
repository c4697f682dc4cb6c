package io.hubscope.forward.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay in front of a server, which a test cuts as {@code kill -9} cuts the server: every
 * connection through it is reset at once, with no WebSocket close frame, and new ones are refused.
 * A hub's own close is polite (close frames, a reason); a killed process is not, and that is the
 * case a proxy must notice from its sockets alone. Plain threads, never event loops: blocking here
 * is fine.
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tcp-relay");
    t.setDaemon(true);
    return t;
  });

  public TcpRelay(int targetPort) {
    this.targetPort = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.execute(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The hub URL through this relay. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/dotnetify";
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // killed: the loop ends
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
      } catch (IOException e) {
        reset(client); // the target is down: so is the relay, for this connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
    } catch (IOException e) {
      // Either side went away: take the other down too.
    } finally {
      reset(from);
      reset(to);
    }
  }

  /** Resets every connection through the relay and refuses new ones, as the kernel does for a killed process. */
  public void kill() {
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    for (Socket s : sockets) reset(s);
  }

  private void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close with RST, no orderly FIN
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
    sockets.remove(s);
  }

  @Override
  public void close() {
    kill();
    threads.shutdownNow();
  }
}
