package io.hubscope.observer.connections;

import java.util.List;

/**
 * One {@code resync} event as the ingest parsed it: chunk {@code part} (from 0) of resync
 * {@code id}, the last one when {@code last}, listing some of the node's open connections.
 */
public record ResyncChunk(long id, int part, boolean last, List<ConnectionOpen> conns) {}
