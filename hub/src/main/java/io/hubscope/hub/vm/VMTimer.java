package io.hubscope.hub.vm;

/** Handle to work a view model scheduled; all of a view model's timers stop when it is disposed. */
public interface VMTimer {

  /** Stops future runs; a run in progress completes. */
  void cancel();

  boolean isCancelled();
}
