package io.hubscope.app.demo;

import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.Property;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** dotNetify's first example: a greeting set by a command and the server time pushed every second. */
public final class HelloWorld extends BaseVM {

  /** The argument of {@code Submit}. */
  public record Person(String firstName, String lastName) {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Property<String> greeting = property("Greeting", "Hello World!");
  private final Property<String> serverTime = property("ServerTime", LocalTime.now().format(TIME));

  public HelloWorld() {
    command("Submit", Person.class, p -> greeting.set("Hello, " + p.firstName() + " " + p.lastName() + "!"));
    schedule(Duration.ofSeconds(1), () -> {
      serverTime.set(LocalTime.now().format(TIME));
      pushUpdates();
    });
  }
}
