-- History of the observer. Times are epoch milliseconds (BIGINT) so every JDBC database agrees.

CREATE TABLE conn_session (
  id           VARCHAR(2048) NOT NULL,
  node         VARCHAR(2048) NOT NULL,
  ip           VARCHAR(2048),
  port         INTEGER,
  user_agent   VARCHAR(2048),
  transport    VARCHAR(2048),
  protocol     VARCHAR(2048),
  opened_at    BIGINT NOT NULL,
  closed_at    BIGINT NOT NULL,
  close_reason VARCHAR(2048),
  error        VARCHAR(2048),
  msgs_in      BIGINT NOT NULL,
  msgs_out     BIGINT NOT NULL,
  bytes_in     BIGINT NOT NULL,
  bytes_out    BIGINT NOT NULL,
  view_models  VARCHAR(4096)
);
CREATE INDEX conn_session_closed_at ON conn_session (closed_at);

CREATE TABLE throughput_sample (
  ts          BIGINT NOT NULL,
  node        VARCHAR(2048) NOT NULL,
  seconds     INTEGER NOT NULL,
  msgs_in     BIGINT NOT NULL,
  msgs_out    BIGINT NOT NULL,
  bytes_in    BIGINT NOT NULL,
  bytes_out   BIGINT NOT NULL,
  connections INTEGER NOT NULL
);
CREATE INDEX throughput_sample_ts ON throughput_sample (ts);

CREATE TABLE node_sample (
  ts          BIGINT NOT NULL,
  node        VARCHAR(2048) NOT NULL,
  role        VARCHAR(64),
  cpu_system  DOUBLE PRECISION,
  cpu_process DOUBLE PRECISION,
  mem_used    BIGINT,
  mem_total   BIGINT,
  heap_used   BIGINT,
  heap_max    BIGINT,
  connections BIGINT,
  queue_depth BIGINT,
  tap_dropped BIGINT
);
CREATE INDEX node_sample_ts ON node_sample (ts);
