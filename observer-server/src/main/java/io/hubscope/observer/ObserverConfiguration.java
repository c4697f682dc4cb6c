package io.hubscope.observer;

import io.hubscope.observer.actions.ActionRefusals;
import io.hubscope.observer.actions.ActionSettings;
import io.hubscope.observer.actions.Actions;
import io.hubscope.observer.audit.AuditLog;
import io.hubscope.observer.audit.AuditMeters;
import io.hubscope.observer.audit.AuditStore;
import io.hubscope.observer.connections.ClosedSweeper;
import io.hubscope.observer.connections.ConnectionMeters;
import io.hubscope.observer.connections.ConnectionSearch;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.control.NodeControl;
import io.hubscope.observer.groups.GroupActivity;
import io.hubscope.observer.groups.GroupSweeper;
import io.hubscope.observer.groups.GroupViews;
import io.hubscope.observer.history.H2FilePermissions;
import io.hubscope.observer.history.HistoryMeters;
import io.hubscope.observer.history.HistoryStore;
import io.hubscope.observer.history.HistoryWriter;
import io.hubscope.observer.ingest.IngestMeters;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.ingest.IngestSettings;
import io.hubscope.observer.ingest.NodeExpiry;
import io.hubscope.observer.live.LiveSettings;
import io.hubscope.observer.live.SsePacer;
import io.hubscope.observer.nodes.NodeMeters;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeViews;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.payloads.PayloadBudget;
import io.hubscope.observer.security.Accounts;
import io.hubscope.observer.security.ConfiguredUser;
import io.hubscope.observer.security.Credentials;
import io.hubscope.observer.security.LoginThrottle;
import io.hubscope.observer.security.Role;
import io.hubscope.observer.summary.SummaryService;
import io.hubscope.observer.throughput.ThroughputService;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Builds the aggregation and its readers from {@link ObserverProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObserverProperties.class)
class ObserverConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Credentials credentials(ObserverProperties p) {
    return new Credentials(p.username(), p.password());
  }

  @Bean
  Accounts accounts(Credentials credentials, ObserverProperties p) {
    return new Accounts(credentials, p.users().stream()
        .map(u -> new ConfiguredUser(u.name(), u.passwordHash(), Role.parse(u.role()))).toList());
  }

  @Bean
  LoginThrottle loginThrottle(ObserverProperties p, Accounts accounts, Clock clock) {
    ObserverProperties.Login l = p.login();
    return new LoginThrottle(l.maxFailuresPerIp(), l.maxFailuresPerUsername(), l.window(), l.maxTracked(),
        accounts.names(), clock::millis);
  }

  @Bean
  IngestSettings ingestSettings(ObserverProperties p) {
    return new IngestSettings(p.ingestToken(), p.limits().maxBatchBytes());
  }

  @Bean
  NodeRegistry nodeRegistry(ObserverProperties p) {
    return new NodeRegistry(p.limits().maxNodes());
  }

  @Bean
  ConnectionTable connectionTable(ObserverProperties p) {
    ObserverProperties.Limits l = p.limits();
    return new ConnectionTable(l.maxActiveConnections(), l.maxClosedConnections(),
        l.closedRetention().toMillis(), l.payloadsPerConnection(), new PayloadBudget(l.payloadBudgetChars()));
  }

  @Bean
  ClosedSweeper closedSweeper(ConnectionTable table, Clock clock) {
    return new ClosedSweeper(table, clock);
  }

  @Bean
  MessageLog messageLog(ObserverProperties p) {
    return new MessageLog(p.limits().messageLogSize());
  }

  @Bean
  IngestService ingestService(NodeRegistry nodes, ConnectionTable table, MessageLog log, Clock clock,
      ObserverProperties p) {
    return new IngestService(nodes, table, log, clock, p.limits().maxPayloadChars());
  }

  @Bean
  GroupActivity groupActivity(IngestService ingest, Clock clock, ObserverProperties p) {
    GroupActivity activity = new GroupActivity(p.limits().maxGroups(), GroupSweeper.IDLE.toMillis(), clock);
    ingest.onMessage(activity);
    return activity;
  }

  @Bean
  GroupSweeper groupSweeper(GroupActivity activity) {
    return new GroupSweeper(activity);
  }

  @Bean
  GroupViews groupViews(ConnectionTable table, GroupActivity activity) {
    return new GroupViews(table, activity);
  }

  @Bean
  NodeExpiry nodeExpiry(IngestService ingest, Clock clock, ObserverProperties p) {
    return new NodeExpiry(ingest, clock, p.nodes().expireAfter());
  }

  @Bean
  ThroughputService throughputService(NodeRegistry nodes, Clock clock) {
    return new ThroughputService(nodes, clock);
  }

  @Bean
  ConnectionSearch connectionSearch(ConnectionTable table) {
    return new ConnectionSearch(table);
  }

  @Bean
  NodeViews nodeViews(NodeRegistry nodes, Clock clock) {
    return new NodeViews(nodes, clock);
  }

  @Bean
  SummaryService summaryService(NodeRegistry nodes, ConnectionTable table,
      ThroughputService throughput, IngestService ingest, Clock clock) {
    return new SummaryService(nodes, table, throughput, ingest, clock);
  }

  @Bean
  SsePacer ssePacer(ObserverProperties p) {
    return new SsePacer(p.live().interval());
  }

  @Bean
  LiveSettings liveSettings(ObserverProperties p) {
    return new LiveSettings(p.live().tailMaxPerInterval());
  }

  /** Static: a post-processor must exist before the DataSource it narrows the directory for. */
  @Bean
  static H2FilePermissions h2FilePermissions() {
    return new H2FilePermissions();
  }

  @Bean
  HistoryStore historyStore(JdbcTemplate jdbc) {
    return new HistoryStore(jdbc);
  }

  @Bean
  HistoryWriter historyWriter(HistoryStore store, NodeRegistry nodes, ConnectionTable table,
      Clock clock, ObserverProperties p) {
    ObserverProperties.History h = p.history();
    return new HistoryWriter(store, nodes, table, clock, h.sampleInterval(), h.retention(),
        h.purgeInterval(), h.queueSize());
  }

  @Bean
  AuditStore auditStore(JdbcTemplate jdbc) {
    return new AuditStore(jdbc);
  }

  @Bean
  AuditLog auditLog(AuditStore store) {
    return new AuditLog(store);
  }

  /** Works with whichever NodeControl bean exists; without one, actions answer 503. */
  @Bean
  Actions actions(NodeControl control, AuditLog audit, Clock clock, ObserverProperties p) {
    ObserverProperties.Actions a = p.actions();
    return new Actions(control, audit, new ActionSettings(a.maxPerMinute(), a.maxBodyBytes(), a.maxReasonChars()), clock);
  }

  @Bean
  ActionRefusals actionRefusals(AuditLog audit, Clock clock) {
    return new ActionRefusals(audit, clock);
  }

  @Bean
  AuditMeters auditMeters(AuditLog audit) {
    return new AuditMeters(audit);
  }

  // Each feature's meters read its own counters when scraped, so no hot path calls Micrometer.
  @Bean
  NodeMeters nodeMeters(NodeRegistry nodes) {
    return new NodeMeters(nodes);
  }

  @Bean
  ConnectionMeters connectionMeters(ConnectionTable table) {
    return new ConnectionMeters(table);
  }

  @Bean
  IngestMeters ingestMeters(IngestService ingest) {
    return new IngestMeters(ingest);
  }

  @Bean
  HistoryMeters historyMeters(HistoryWriter history) {
    return new HistoryMeters(history);
  }
}
