package io.hubscope.observer.actions;

/**
 * Limits of the operator's actions ({@code hubscope.observer.actions}).
 *
 * @param maxPerMinute actions one user may start per minute
 * @param maxBodyBytes largest request body
 * @param maxReasonChars longest disconnect reason
 */
public record ActionSettings(int maxPerMinute, int maxBodyBytes, int maxReasonChars) {

  public ActionSettings {
    if (maxPerMinute < 1) throw new IllegalArgumentException("maxPerMinute < 1: " + maxPerMinute);
    if (maxBodyBytes < 2) throw new IllegalArgumentException("maxBodyBytes < 2: " + maxBodyBytes);
    if (maxReasonChars < 1) throw new IllegalArgumentException("maxReasonChars < 1: " + maxReasonChars);
  }
}
