package io.hubscope.app.demo;

/** Round-trip bookkeeping for one echo client: sequence numbers and the latency of its pongs. */
final class EchoLatency {

  private long sequence;
  private long count;
  private double sum;
  private double last;

  synchronized long nextSequence() {
    return ++sequence;
  }

  /** Records the pong of a ping sent at {@code sentMillis}; NaN when the pong carried no time. */
  synchronized void record(double sentMillis) {
    if (Double.isNaN(sentMillis) || sentMillis <= 0) return;
    last = Math.round((EpochMillis.now() - sentMillis) * 100) / 100.0;
    sum += last;
    count++;
  }

  synchronized double last() {
    return last;
  }

  synchronized double average() {
    return count == 0 ? 0 : Math.round(sum / count * 100) / 100.0;
  }
}
