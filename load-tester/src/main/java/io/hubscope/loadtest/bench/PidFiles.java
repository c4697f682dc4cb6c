package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The servers running now, by directory, listed in its {@code pids} file: bin/bench kills what it
 * lists should the benchmark's JVM die without its shutdown hooks. Rewritten on every change, never
 * appended to: a killed and restarted server's old pid may belong to another process by then.
 */
final class PidFiles {

  private static final Map<Path, Set<Process>> RUNNING = new HashMap<>();

  private PidFiles() {}

  static synchronized void started(Path dir, Process process) {
    RUNNING.computeIfAbsent(dir, d -> new LinkedHashSet<>()).add(process);
    write(dir);
  }

  static synchronized void ended(Path dir, Process process) {
    Set<Process> running = RUNNING.get(dir);
    if (running == null || !running.remove(process)) return;
    write(dir);
  }

  private static void write(Path dir) {
    String pids = RUNNING.get(dir).stream().filter(Process::isAlive).map(p -> p.pid() + "\n")
        .collect(Collectors.joining());
    try {
      Files.writeString(dir.resolve("pids"), pids);
    } catch (IOException e) {
      // Only bin/bench's last resort: the shutdown hooks still stop every server.
    }
  }
}
