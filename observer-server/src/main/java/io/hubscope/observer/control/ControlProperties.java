package io.hubscope.observer.control;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The control path to the nodes ({@code hubscope.observer.control.*}).
 *
 * @param commandTimeout how long a node has to answer a command before the result is a timeout
 * @param maxPendingPerNode commands one node may have unanswered; more are refused at once
 */
@ConfigurationProperties("hubscope.observer.control")
record ControlProperties(
    @DefaultValue("5s") Duration commandTimeout,
    @DefaultValue("16") int maxPendingPerNode) {}
