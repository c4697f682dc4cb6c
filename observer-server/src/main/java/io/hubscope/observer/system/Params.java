package io.hubscope.observer.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Checks of query parameters with 400-worthy messages that name the parameter and what it accepts.
 * Controllers bind their parameters typed ({@code Integer seconds}); a value of the wrong type is
 * answered by {@link ApiErrors}. The filter bags of connections and messages come as a map.
 */
public final class Params {

  private Params() {}

  /** {@code value} within {@code [min, max]}, or {@code absent} when not given. */
  public static int within(String name, Integer value, int absent, int min, int max) {
    if (value == null) {
      return absent;
    }
    if (value < min || value > max) {
      throw new BadRequestException(name, name + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  /** Null for a blank value, else the trimmed value. */
  public static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  public static String text(Map<String, String> params, String name) {
    return text(params.get(name));
  }

  public static int integer(Map<String, String> params, String name, int absent, int min, int max) {
    String value = text(params, name);
    if (value == null) {
      return absent;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadRequestException(name, name + " must be a whole number between " + min + " and " + max + ": " + value);
    }
    if (parsed < min || parsed > max) {
      throw new BadRequestException(name, name + " must be between " + min + " and " + max + ": " + parsed);
    }
    return parsed;
  }

  /** An instant as epoch milliseconds or ISO-8601 ({@code 2026-01-01T00:00:00Z}). */
  public static Long instant(String name, String raw) {
    String value = text(raw);
    if (value == null) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new BadRequestException(name, name + " is out of range: " + value);
      }
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadRequestException(name, name + " is neither epoch milliseconds nor ISO-8601: " + value);
    }
  }

  public static String oneOf(Map<String, String> params, String name, String... allowed) {
    return oneOf(name, params.get(name), allowed);
  }

  public static String oneOf(String name, String raw, String... allowed) {
    String value = text(raw);
    if (value == null) {
      return null;
    }
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new BadRequestException(name, name + " must be one of " + String.join(", ", allowed) + ": " + value);
  }
}
