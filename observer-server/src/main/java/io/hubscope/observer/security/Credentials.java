package io.hubscope.observer.security;

/** The one dashboard login. */
public record Credentials(String username, String password) {

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=****]";
  }
}
