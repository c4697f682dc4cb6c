package io.hubscope.forward.testing;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound for the ITs that prove a path never blocks an event loop. It installs once per JVM
 * (BlockHound cannot be installed twice), so every such IT shares one violation list. Violations
 * are recorded, not thrown, so a blocking call shows up with its stack instead of as a random
 * client error.
 */
public final class BlockHoundSupport {

  public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private BlockHoundSupport() {}

  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) return;
    // Threads already waiting inside an allowed method when BlockHound arrives would look guilty.
    Schedulers.shutdownNow();
    BlockHound.Builder builder = BlockHound.builder();
    // Netty and Reactor declare their event loops non-blocking through these integrations.
    ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
    // Loading a class the first time reads its jar: once per class per JVM, not per message.
    builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
    builder.allowBlockingCallsInside("jdk.internal.loader.BuiltinClassLoader", "loadClassOrNull");
    builder.blockingMethodCallback(method -> VIOLATIONS.add(Thread.currentThread().getName() + ": " + method + "\n"
        + stackOf(new Exception()))).install();
  }

  static String stackOf(Exception e) {
    StringBuilder s = new StringBuilder();
    for (StackTraceElement frame : e.getStackTrace()) s.append("    at ").append(frame).append('\n');
    return s.toString();
  }
}
