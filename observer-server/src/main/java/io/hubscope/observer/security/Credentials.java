package io.hubscope.observer.security;

/** The one dashboard login, and the token taps present at ingest. */
public record Credentials(String username, String password, String ingestToken) {

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=****, ingestToken=****]";
  }
}
