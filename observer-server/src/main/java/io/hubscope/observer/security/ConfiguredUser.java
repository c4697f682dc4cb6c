package io.hubscope.observer.security;

import java.util.regex.Pattern;

/**
 * A login from {@code hubscope.observer.users[..]}: a name, a bcrypt hash of its password (never
 * the password itself, so no configuration file holds a usable secret) and a role. Anything else
 * than a bcrypt hash stops startup.
 */
public record ConfiguredUser(String name, String passwordHash, Role role) {

  /** {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost, 53 characters of salt and hash. */
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  public ConfiguredUser {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("hubscope.observer.users[..].name must be 1 to 64 letters, digits or ._@-: " + name);
    }
    if (passwordHash != null && passwordHash.startsWith("{bcrypt}")) {
      passwordHash = passwordHash.substring("{bcrypt}".length());
    }
    if (passwordHash == null || !BCRYPT.matcher(passwordHash).matches()) {
      throw new IllegalArgumentException("hubscope.observer.users[..].password-hash of '" + name
          + "' is not a bcrypt hash ($2a$, $2b$ or $2y$ with a cost, 60 characters); see the observer's README");
    }
    if (role == null) {
      throw new IllegalArgumentException("hubscope.observer.users[..].role of '" + name + "' is missing: viewer or admin");
    }
  }

  /** For Spring's delegating password encoder. */
  String encodedPassword() {
    return "{bcrypt}" + passwordHash;
  }

  @Override
  public String toString() {
    return "ConfiguredUser[name=" + name + ", role=" + role.label() + ", passwordHash=****]";
  }
}
