package io.hubscope.hub.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The meter catalogue in {@code docs/metrics.md}, read from the repository (in the hub's test-jar,
 * for every process's test): its table rows name a meter in the first cell and the processes that
 * register it in the {@code Process} column ({@code app}, {@code proxy}, {@code observer}).
 */
public final class MetricsDoc {

  public static final String FILE = "docs/metrics.md";
  private static final String PREFIX = "hubscope.";

  private final List<Row> rows;

  private MetricsDoc(List<Row> rows) {
    this.rows = rows;
  }

  /** One documented meter: its name and the processes that register it. */
  public record Row(String name, Set<String> processes) {}

  /** Reads {@link #FILE} from the first directory at or above the working directory that has it. */
  public static MetricsDoc read() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(FILE);
      if (Files.isRegularFile(file)) return parse(file);
    }
    throw new IllegalStateException(FILE + " not found at or above " + Path.of("").toAbsolutePath());
  }

  static MetricsDoc parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    int processColumn = -1;
    for (String line : lines) {
      if (!line.startsWith("|")) {
        processColumn = -1; // a table ended: the next one brings its own header
        continue;
      }
      List<String> cells = Arrays.stream(line.split("\\|", -1)).map(String::trim).toList();
      if (processColumn < 0) {
        processColumn = cells.indexOf("Process");
        continue;
      }
      String first = cells.get(1).replace("`", "");
      if (!first.startsWith(PREFIX)) continue; // the header's separator row, or not a meter
      if (cells.size() <= processColumn) throw new IllegalStateException(FILE + ": no process in: " + line);
      Set<String> processes = Arrays.stream(cells.get(processColumn).split(","))
          .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
      rows.add(new Row(first, processes));
    }
    return new MetricsDoc(List.copyOf(rows));
  }

  public List<Row> rows() {
    return rows;
  }

  /** The meters the document says {@code process} registers. */
  public Set<String> meters(String process) {
    return rows.stream().filter(r -> r.processes().contains(process)).map(Row::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The names of the {@code hubscope.*} meters {@code registry} holds now; not the gauges some
   * registries derive from a timer's histogram ({@code .histogram}, {@code .percentile}).
   */
  public static Set<String> registered(MeterRegistry registry) {
    return registry.getMeters().stream().map(Meter::getId).filter(id -> id.syntheticAssociation() == null)
        .map(Meter.Id::getName).filter(n -> n.startsWith(PREFIX)).collect(Collectors.toCollection(TreeSet::new));
  }
}
