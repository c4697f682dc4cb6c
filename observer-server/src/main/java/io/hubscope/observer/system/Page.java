package io.hubscope.observer.system;

import java.util.List;

/** One page of a server-side paged list. {@code page} counts from 0. */
public record Page<T>(List<T> items, long total, int page, int size) {}
