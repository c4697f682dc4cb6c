package io.hubscope.observer.nodes;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A node's resync as its chunks arrive (docs/tap-events.md): which part comes next and which of
 * the node's open connections the chunks so far listed. The caller hands it only ids the node
 * holds open, so it never holds more ids than the node has connections.
 */
public final class ResyncProgress {

  private long id;
  private int nextPart;
  private boolean started;
  private boolean whole;
  private Set<String> listed = new HashSet<>();

  /**
   * Takes one chunk and the ids it listed. A {@code part} 0 starts a resync, superseding an
   * unfinished one. Returns, after the last chunk of a resync seen whole, every id its chunks
   * listed: the connections to keep. Returns null otherwise: more chunks to come, or a resync
   * with a chunk missing, after which nothing may be closed.
   */
  public synchronized Set<String> chunk(long id, int part, boolean last, Collection<String> ids) {
    if (part == 0) {
      this.id = id;
      listed = new HashSet<>();
      whole = true;
    } else if (!started || id != this.id || part != nextPart) {
      // A resync that began before this observer saw it, or a chunk lost: what is missing is unknown.
      this.id = id;
      listed.clear();
      whole = false;
    }
    started = true;
    nextPart = part + 1;
    if (whole) {
      listed.addAll(ids);
    }
    if (!last) {
      return null;
    }
    Set<String> keep = whole ? listed : null;
    listed = new HashSet<>();
    started = false;
    whole = false;
    return keep;
  }

  /** Whether a resync has begun and its last chunk has not come yet. */
  public synchronized boolean inProgress() {
    return started;
  }
}
