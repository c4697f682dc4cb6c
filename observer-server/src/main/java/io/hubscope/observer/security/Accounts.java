package io.hubscope.observer.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every login of the observer: the single admin of {@code hubscope.observer.username/password}
 * and the users of {@code hubscope.observer.users[..]}. The single admin exists when its password
 * is set, or when no users are configured (then its password is generated and logged once, as
 * before); with configured users and no password there is no extra admin to forget about.
 */
public record Accounts(Credentials admin, List<ConfiguredUser> users) {

  public Accounts {
    users = List.copyOf(users);
    Set<String> names = new HashSet<>();
    if (hasSingleAdmin(admin, users)) {
      names.add(admin.username().toLowerCase(Locale.ROOT));
    }
    for (ConfiguredUser u : users) {
      if (!names.add(u.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("hubscope.observer.users: the name '" + u.name()
            + "' is configured twice (or is also hubscope.observer.username)");
      }
    }
  }

  public boolean hasSingleAdmin() {
    return hasSingleAdmin(admin, users);
  }

  private static boolean hasSingleAdmin(Credentials admin, List<ConfiguredUser> users) {
    return users.isEmpty() || (admin.password() != null && !admin.password().isBlank());
  }

  /** Every login name, for the login throttle's per-username table. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    if (hasSingleAdmin()) names.add(admin.username());
    users.forEach(u -> names.add(u.name()));
    return names;
  }
}
