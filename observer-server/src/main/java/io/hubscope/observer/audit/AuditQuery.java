package io.hubscope.observer.audit;

/** A filter and page of the audit log; null filters match anything. */
public record AuditQuery(long from, long to, String user, String action, String status, String target,
    int page, int size) {}
