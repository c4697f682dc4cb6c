package io.hubscope.observer.ingest;

/** The ingest hub's token and the largest batch it takes (one hub message). */
public record IngestSettings(String token, int maxBatchBytes) {

  @Override
  public String toString() {
    return "IngestSettings[token=****, maxBatchBytes=" + maxBatchBytes + "]";
  }
}
