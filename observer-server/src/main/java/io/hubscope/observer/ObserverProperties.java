package io.hubscope.observer;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the observer, bound from {@code hubscope.observer.*}. Each default is here, once;
 * application.yml only maps the documented environment variables, empty when unset (the numbers
 * are boxed so that an empty value binds as unset and takes the default).
 *
 * @param username login name for the dashboard, the API and Prometheus
 * @param password password for that login, at least 12 characters; when blank a random one is
 *     generated and logged once
 * @param ingestToken token a tap must present at negotiate of {@code /observe}; blank refuses all taps
 * @param users further logins, each with a name, a bcrypt hash of its password and a role
 *     ({@code viewer} or {@code admin}); with users configured and no {@code password}, the
 *     single {@code username} login is not created
 * @param actions the operator's actions (disconnect, send, drain) from the dashboard and the API
 * @param limits bounds of the in-memory aggregation
 * @param nodes how long the observer remembers a node that went silent
 * @param live pacing of the browser's live streams
 * @param history the history database writer and its retention
 * @param login throttling of failed logins
 */
@ConfigurationProperties("hubscope.observer")
record ObserverProperties(
    @DefaultValue("admin") String username,
    @DefaultValue("") String password,
    @DefaultValue("") String ingestToken,
    @DefaultValue List<User> users,
    @DefaultValue Actions actions,
    @DefaultValue Limits limits,
    @DefaultValue Nodes nodes,
    @DefaultValue Live live,
    @DefaultValue History history,
    @DefaultValue Login login) {

  /**
   * One login of {@code hubscope.observer.users[..]}.
   *
   * @param name the login name
   * @param passwordHash bcrypt hash of the password ({@code $2a$...}, optionally prefixed with
   *     {@code {bcrypt}}); never the password itself
   * @param role {@code viewer} (watches) or {@code admin} (also disconnects, sends and drains)
   */
  record User(String name, String passwordHash, String role) {

    @Override
    public String toString() {
      return "User[name=" + name + ", role=" + role + "]";
    }
  }

  /**
   * Limits of the operator's actions.
   *
   * @param maxPerMinute actions one user may start per minute; more get 429 (and an audit record)
   * @param maxBodyBytes largest action request body; larger ones get 413
   * @param maxReasonChars longest disconnect reason
   */
  record Actions(
      @DefaultValue("30") Integer maxPerMinute,
      @DefaultValue("65536") Integer maxBodyBytes,
      @DefaultValue("200") Integer maxReasonChars) {}

  /**
   * Throttling of failed logins (form and HTTP basic), per client IP and per username.
   *
   * @param maxFailuresPerIp failed attempts from one IP within {@code window} after which its
   *     further attempts get 429
   * @param maxFailuresPerUsername failed attempts for the configured username (from any IP) within
   *     {@code window} after which further attempts for it get 429; higher than the per-IP limit so
   *     that strangers cannot lock the real user out with a few tries
   * @param window how long failures are remembered, counted from the first one
   * @param maxTracked IPs (and usernames) remembered at once; the oldest are forgotten first
   */
  record Login(
      @DefaultValue("5") int maxFailuresPerIp,
      @DefaultValue("20") int maxFailuresPerUsername,
      @DefaultValue("5m") Duration window,
      @DefaultValue("10000") int maxTracked) {}

  /**
   * Bounds of what the observer keeps in memory, so memory stays flat under any load.
   *
   * @param maxActiveConnections open connections tracked individually; more are counted but untracked
   * @param maxClosedConnections recently closed connections kept for the dashboard
   * @param closedRetention how long a closed connection stays in memory
   * @param payloadsPerConnection recent payloads kept per connection and direction
   * @param payloadBudgetChars payload text all connections' recent payloads may hold together;
   *     beyond it a recent message is kept without its text
   * @param maxPayloadChars payloads longer than this are cut (taps truncate at 4 KB by default)
   * @param messageLogSize recent messages kept for the message tail (rounded up to a power of two)
   * @param maxNodes nodes tracked; batches from further nodes are rejected
   * @param maxBatchBytes largest tap batch (one hub message) the ingest hub accepts
   * @param maxGroups groups (and, separately, view-model ids) whose message activity is tracked;
   *     messages of further ones are counted as untracked, and ids idle for 10 minutes are forgotten
   */
  record Limits(
      @DefaultValue("50000") Integer maxActiveConnections,
      @DefaultValue("20000") Integer maxClosedConnections,
      @DefaultValue("10m") Duration closedRetention,
      @DefaultValue("10") Integer payloadsPerConnection,
      @DefaultValue("67108864") Long payloadBudgetChars,
      @DefaultValue("8192") Integer maxPayloadChars,
      @DefaultValue("16384") Integer messageLogSize,
      @DefaultValue("256") Integer maxNodes,
      @DefaultValue("4194304") Integer maxBatchBytes,
      @DefaultValue("10000") Integer maxGroups) {}

  /**
   * The life of a node in the observer. A node is its name and address; a restart is a new
   * incarnation of the same node.
   *
   * @param expireAfter a node not heard from for this long leaves the topology, its meters and
   *     open connections with it; a tap that comes back later starts it afresh (taps send host
   *     telemetry every second, so a live node is never this quiet). At least 1s.
   */
  record Nodes(@DefaultValue("5m") Duration expireAfter) {}

  /**
   * Pacing of the Server-Sent Event streams.
   *
   * @param interval time between two conflated snapshots on one stream
   * @param tailMaxPerInterval messages one tail subscriber gets per interval; the rest are counted as skipped
   */
  record Live(
      @DefaultValue("1s") Duration interval,
      @DefaultValue("50") Integer tailMaxPerInterval) {}

  /**
   * The history writer.
   *
   * @param sampleInterval how often throughput and node samples and closed sessions are written
   * @param retention how long history rows are kept
   * @param purgeInterval how often rows older than the retention are deleted
   * @param queueSize closed sessions waiting for the writer; beyond it sessions are dropped and counted
   */
  record History(
      @DefaultValue("10s") Duration sampleInterval,
      @DefaultValue("7d") Duration retention,
      @DefaultValue("1h") Duration purgeInterval,
      @DefaultValue("100000") Integer queueSize) {}
}
