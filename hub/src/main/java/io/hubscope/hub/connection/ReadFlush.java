package io.hubscope.hub.connection;

/**
 * Whether an event loop is reading a socket, and whether what it wrote to that socket meanwhile
 * still waits for the flush the read's end gives: the answers to what came in share one flush per
 * read instead of a task and a flush each. For the socket's event loop only; not thread-safe.
 */
public final class ReadFlush {

  private boolean reading;
  private boolean pending;

  /** The loop starts handing the socket's input to its reader. */
  public void readStarted() {
    reading = true;
  }

  /** Whether a write now may leave its flush to the end of the read. */
  public boolean reading() {
    return reading;
  }

  /** A write left its flush to the end of the read. */
  public void wrote() {
    pending = true;
  }

  /** The read is over; true when a write waits for a flush, which the caller now gives. */
  public boolean readComplete() {
    reading = false;
    return takePending();
  }

  /** True when a write waits for a flush, which the caller now gives (it is no longer waiting). */
  public boolean takePending() {
    boolean flush = pending;
    pending = false;
    return flush;
  }
}
