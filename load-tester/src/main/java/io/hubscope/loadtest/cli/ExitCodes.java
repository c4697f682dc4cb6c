package io.hubscope.loadtest.cli;

/** The exit statuses, so scripts can tell a failed test from a test that could not run. */
final class ExitCodes {

  static final int PASSED = 0;
  /** The test ran, but connections failed, errors occurred or too many messages were missed. */
  static final int FAILED = 1;
  /** Bad input, or the server could not be reached or refused us. */
  static final int CANNOT_RUN = 2;

  private ExitCodes() {}
}
