import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording as text, for docs/perf: CPU samples by the method on top of
 * the stack (self) and by every method on the stack (total), and sampled allocation weight by
 * allocating frame and by class. Only threads whose names contain {@code --thread WORD}, if given,
 * and only events from {@code --skip SECONDS} after the recording's first (start-up, ramp-up) on.
 *
 * <pre>java docs/perf/JfrTop.java recording.jfr [--top N] [--thread loadtest] [--skip 5]</pre>
 */
public final class JfrTop {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = 12;
    String thread = null;
    long skipSeconds = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--top")) top = Integer.parseInt(args[++i]);
      else if (args[i].equals("--thread")) thread = args[++i];
      else if (args[i].equals("--skip")) skipSeconds = Long.parseLong(args[++i]);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Instant from = events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElse(Instant.EPOCH)
        .plusSeconds(skipSeconds);
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> allocSite = new HashMap<>();
    Map<String, Long> allocClass = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    for (RecordedEvent e : events) {
      if (e.getStartTime().isBefore(from)) continue;
      String type = e.getEventType().getName();
      boolean cpu = type.equals("jdk.ExecutionSample");
      boolean alloc = type.equals("jdk.ObjectAllocationSample");
      if (!cpu && !alloc) continue;
      String threadName = cpu ? e.getThread("sampledThread").getJavaName() : e.getThread().getJavaName();
      if (thread != null && (threadName == null || !threadName.contains(thread))) continue;
      RecordedStackTrace stack = e.getStackTrace();
      List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
      if (cpu) {
        samples++;
        if (!frames.isEmpty()) self.merge(name(frames.get(0)), 1L, Long::sum);
        frames.stream().map(JfrTop::name).distinct().forEach(m -> total.merge(m, 1L, Long::sum));
      } else {
        long weight = e.getLong("weight");
        allocated += weight;
        allocSite.merge(frames.isEmpty() ? "?" : firstOwnFrame(frames), weight, Long::sum);
        allocClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
      }
    }
    System.out.printf("CPU samples: %d%n", samples);
    print("CPU, self (top of stack)", self, samples, top);
    print("CPU, total (anywhere on the stack)", total, samples, top);
    System.out.printf("%nSampled allocation: %.1f MB%n", allocated / 1048576.0);
    print("Allocation by frame", allocSite, allocated, top);
    print("Allocation by class", allocClass, allocated, top);
  }

  /** The allocating frame and its caller. */
  private static String firstOwnFrame(List<RecordedFrame> frames) {
    return name(frames.get(0)) + " <- " + (frames.size() > 1 ? name(frames.get(1)) : "");
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Long> counts, long sum, int top) {
    System.out.printf("%n%s%n", title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> System.out.printf("  %5.1f%%  %s%n", en.getValue() * 100.0 / Math.max(1, sum), en.getKey()));
  }
}
