package io.hubscope.observer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The observer's feature packages depend on each other one way only: a cycle (say {@code system}
 * reaching into every feature for its meters while every feature uses {@code system}) means two
 * packages that can only be understood, tested and changed together. jdeps reads the compiled
 * classes, so references by fully qualified name count too.
 */
class PackageCyclesTests {

  private static final Pattern EDGE =
      Pattern.compile("^\\s*(io\\.hubscope\\.observer[\\w.]*)\\s+->\\s+(io\\.hubscope\\.observer[\\w.]*)\\s");

  @Test
  void observerPackages_haveNoDependencyCycles() throws Exception {
    Map<String, Set<String>> graph = packageGraph();
    assertThat(graph).as("jdeps found the observer's packages").containsKeys(
        "io.hubscope.observer.nodes", "io.hubscope.observer.throughput", "io.hubscope.observer.connections");
    assertThat(cycles(graph)).as("package cycles").isEmpty();
  }

  @Test
  void cycles_findsATwoPackageCycle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("b"));
    assertThat(cycles(graph)).containsExactly(List.of("b", "c", "b"));
  }

  private static Map<String, Set<String>> packageGraph() throws Exception {
    Path classes = Path.of(ObserverApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package",
        "-e", "io\\.hubscope\\.observer.*", classes.toString());
    assertThat(rc).as(out.toString()).isZero();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find() && !m.group(1).equals(m.group(2))) {
        graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    return graph;
  }

  /** One cycle per strongly connected start, as the path that closes it. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : graph.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      if (!done.contains(start)) visit(start, graph, path, new HashSet<>(), done, found);
    }
    return found;
  }

  private static void visit(String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> onPath,
      Set<String> done, List<List<String>> found) {
    path.addLast(node);
    onPath.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (onPath.contains(next)) {
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (String p : path) {
          if (p.equals(next)) in = true;
          if (in) cycle.add(p);
        }
        cycle.add(next);
        found.add(cycle);
      } else if (!done.contains(next)) {
        visit(next, graph, path, onPath, done, found);
      }
    }
    path.removeLast();
    onPath.remove(node);
    done.add(node);
  }
}
