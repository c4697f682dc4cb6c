package io.hubscope.loadtest.run;

import io.hubscope.hub.client.HubConnectException;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Why a connection could not be made, as one plain line for a person ("cannot connect to
 * 127.0.0.1:1: connection refused"), not the chain of Netty exception class names underneath.
 */
public final class ConnectFailure {

  private ConnectFailure() {}

  /** {@code cannot connect to host:port: reason} for the hub or server at {@code url}. */
  public static String line(String url, Throwable error) {
    return "cannot connect to " + hostAndPort(url) + ": " + reason(error);
  }

  /** The reason alone: the network's word for it, or the hub client's own message when the server answered. */
  public static String reason(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
      if (e instanceof ConnectTimeoutException || e instanceof TimeoutException) return "no answer in time";
      if (e instanceof UnknownHostException) return "unknown host";
      if (e instanceof NoRouteToHostException || message.contains("no route to host")) return "no route to host";
      if (message.contains("network is unreachable")) return "network unreachable";
      if (e instanceof ConnectException) return message.contains("refused") ? "connection refused" : "connection failed";
      if (e instanceof PrematureCloseException) return "the server closed the connection without answering";
      if (e instanceof SSLException) return "TLS handshake failed (" + plain(e) + ")";
    }
    // The server answered but not as a hub: negotiate refused, not JSON, handshake refused.
    if (error instanceof HubConnectException && error.getCause() == null) return plain(error);
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return plain(root);
  }

  private static String plain(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.replaceAll("\\s+", " ").trim();
  }

  private static String hostAndPort(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null) return url;
      int port = uri.getPort();
      if (port < 0) port = "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
      return host + ":" + port;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
