package io.hubscope.loadtest.run;

/** The test could not run at all (bad input, server unreachable or refusing); the message says why in one line. */
public class LoadTestException extends RuntimeException {

  public LoadTestException(String message) {
    super(message);
  }
}
