package io.hubscope.observer.security;

import java.util.Locale;

/**
 * What a login may do: a viewer watches, an admin also acts on the hub (disconnect, send, drain).
 * Spring Security sees them as the authorities {@code ROLE_VIEWER} and {@code ROLE_ADMIN}.
 */
public enum Role {
  VIEWER,
  ADMIN;

  /** The role a user's authorities grant: admin when it holds {@code ROLE_ADMIN}, else viewer. */
  public static Role of(org.springframework.security.core.Authentication auth) {
    if (auth != null) {
      for (var a : auth.getAuthorities()) {
        if (("ROLE_" + ADMIN.name()).equals(a.getAuthority())) return ADMIN;
      }
    }
    return VIEWER;
  }

  /** {@code viewer} or {@code admin}, case-insensitive; anything else is a configuration error. */
  public static Role parse(String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.name().equals(v)) return r;
    }
    throw new IllegalArgumentException("role must be viewer or admin: " + value);
  }

  /** Lower case, as the API and the audit log spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
