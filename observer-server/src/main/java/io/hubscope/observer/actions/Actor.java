package io.hubscope.observer.actions;

import io.hubscope.observer.security.Role;
import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;

/** Who attempts an action: the login, its role, and the client IP (the socket's peer). */
record Actor(String name, Role role, String ip) {

  static Actor of(String name, Role role, ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    String ip = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    return new Actor(name, role, ip);
  }

  static Actor of(Authentication auth, ServerHttpRequest request) {
    return of(auth.getName(), Role.of(auth), request);
  }
}
