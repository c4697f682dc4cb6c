-- Throughput summed over the nodes, one row per sample time. The chart reads a week of these
-- instead of every node's samples: at 145 nodes and a 10 s interval a week is 8.8 million
-- throughput_sample rows but 60,480 rows here.

CREATE TABLE throughput_total (
  ts          BIGINT NOT NULL,
  seconds     INTEGER NOT NULL,
  msgs_in     BIGINT NOT NULL,
  msgs_out    BIGINT NOT NULL,
  bytes_in    BIGINT NOT NULL,
  bytes_out   BIGINT NOT NULL,
  connections BIGINT NOT NULL
);
CREATE INDEX throughput_total_ts ON throughput_total (ts);

INSERT INTO throughput_total (ts, seconds, msgs_in, msgs_out, bytes_in, bytes_out, connections)
SELECT ts, MAX(seconds), SUM(msgs_in), SUM(msgs_out), SUM(bytes_in), SUM(bytes_out), SUM(connections)
FROM throughput_sample GROUP BY ts;
