package io.hubscope.observer.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Parsing of query parameters with 400-worthy messages. */
public final class Params {

  private Params() {}

  public static String text(Map<String, String> params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? null : value.trim();
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
  public static Long instant(Map<String, String> params, String name) {
    String value = text(params, name);
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
    String value = text(params, name);
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
