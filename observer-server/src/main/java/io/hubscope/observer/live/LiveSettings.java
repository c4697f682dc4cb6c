package io.hubscope.observer.live;

/** Per-subscriber limits of the live streams. */
public record LiveSettings(int tailMaxPerInterval) {}
