package io.hubscope.observer.security;

/**
 * The one dashboard login. A configured password shorter than {@link #MIN_PASSWORD_LENGTH} is
 * refused at startup: with login throttling a 12-character random password is out of reach of
 * guessing, a short one is not. Blank means "generate one".
 */
public record Credentials(String username, String password) {

  public static final int MIN_PASSWORD_LENGTH = 12;

  public Credentials {
    if (password != null && !password.isBlank() && password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("hubscope.observer.password (HUBSCOPE_OBSERVER_PASSWORD) has "
          + password.length() + " characters; at least " + MIN_PASSWORD_LENGTH
          + " are required (leave it unset to have a random one generated)");
    }
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=****]";
  }
}
