package io.hubscope.hub.testing;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.scheduler.Schedulers;

/**
 * The one BlockHound set-up for the ITs that prove a path never blocks an event loop (hub,
 * forwarding, tap, observer). It installs once per JVM (BlockHound cannot be installed twice), so
 * every such IT in a module shares one violation list. Violations are recorded, not thrown, so a
 * blocking call shows up with its stack instead of as a random client error; each IT asserts
 * {@link #VIOLATIONS} is empty.
 */
public final class BlockHoundSupport {

  public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private BlockHoundSupport() {}

  public static void install() {
    install(builder -> { });
  }

  /**
   * Installs with a module's own allowances for one-off reads (say, a template parsed once before
   * it is cached). Only the first install in a JVM applies them.
   */
  public static void install(Consumer<BlockHound.Builder> allowances) {
    if (!INSTALLED.compareAndSet(false, true)) return;
    // Fresh scheduler workers, so each enters its wait loop under BlockHound's eye (and allowance):
    // threads already waiting inside an allowed method when BlockHound arrives would look guilty.
    Schedulers.shutdownNow();
    BlockHound.Builder builder = BlockHound.builder();
    // Netty and Reactor declare their event loops non-blocking through these integrations;
    // builder().install() without them would watch no thread at all.
    ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
    // Loading a class the first time reads its jar: once per class per JVM, not per message.
    builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
    builder.allowBlockingCallsInside("jdk.internal.loader.BuiltinClassLoader", "loadClassOrNull");
    // Test logging writes to the console; the libraries log nothing at that level on a hot path.
    builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes");
    // Netty 4.2.18's pooled allocator takes a magazine's StampedLock while it grows its magazines
    // (a short internal critical section its own integration does not list yet); seen on an event
    // loop's read buffer in forwarding's NonBlockingIT after the move from 4.2.15.
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    // An idle scheduler worker waiting for its next task is not blocking anyone.
    builder.allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "getTask");
    allowances.accept(builder);
    builder.blockingMethodCallback(method -> VIOLATIONS.add(Thread.currentThread().getName() + ": " + method + "\n"
        + stackOf(new Exception()))).install();
  }

  static String stackOf(Exception e) {
    StringBuilder s = new StringBuilder();
    for (StackTraceElement frame : e.getStackTrace()) {
      if (s.length() > 4000) break;
      s.append("    at ").append(frame).append('\n');
    }
    return s.toString();
  }
}
