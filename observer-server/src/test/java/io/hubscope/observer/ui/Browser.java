package io.hubscope.observer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, offline, with a throwaway profile deleted on close. Shared with
 * stack-tests through this module's test-jar.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final String NET_LOG = "net-log.json";

  public final ChromeDriver driver;
  private final Path profile;

  public Browser() {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    try {
      profile = Files.createTempDirectory("hubscope-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // The dashboard keeps event streams open; wait for the DOM, not for every subresource, and let
    // the tests wait for the elements they need (full page loads timed out on a loaded machine).
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.EAGER);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800",
        // Chromium's own record of every request and socket, kept only when a test fails: a page
        // once stalled with a stylesheet pending for 60 s, and this tells whether the request left
        // the browser, on which socket, and what the server answered.
        "--log-net-log=" + profile.resolve(NET_LOG).toAbsolutePath(),
        // A starved machine makes Chromium treat a headless page as backgrounded: it then throttles
        // its timers (the live indicator, the chart) to about once a second or a minute and lowers
        // the renderer's priority, so pages miss their waits and the driver times out on the
        // renderer. The dashboard is always the page a user looks at: render it as such.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(options);
    driver.manage().window().setSize(new Dimension(1280, 800));
    // With the EAGER strategy a page counts as loaded at DOMContentLoaded, well under a second on
    // an idle machine. 60 s is not an expectation but the point to give up at: on a 2-core machine
    // running up to eight builds beside Chromium a renderer can starve for many seconds (DashboardIT
    // once timed out on the renderer that way), and a test should then fail with the page's state,
    // not after the driver's default of 300 s.
    driver.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(60));
    // Our scripts (gauges, a legend read) return at once; 10 s only bounds a stalled renderer.
    driver.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(10));
  }

  /** Severe console entries so far (script errors, CSP violations, failed loads). */
  public java.util.List<String> severeConsoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(e -> e.getMessage()).toList();
  }

  /**
   * Where the page's load stands: its URL, {@code document.readyState} and every resource with
   * its timing (a resource still pending has no entry), for a failure report. Never throws: it is
   * asked after something already went wrong, maybe with the renderer still busy.
   */
  public String loadState() {
    try {
      return driver.getCurrentUrl() + " " + driver.executeScript("return document.readyState + ' '"
          + " + JSON.stringify(performance.getEntriesByType('resource').map(r =>"
          + " [r.name, Math.round(r.startTime), Math.round(r.duration)]))");
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }
  }

  /**
   * For a test class's {@code @RegisterExtension}: a failing test leaves a screenshot
   * ({@code failed-<prefix><method>}), the page's console and its load state, so the failure can
   * be seen. {@code browser} is asked at failure time (the browser opens in {@code @BeforeAll}).
   */
  public static org.junit.jupiter.api.extension.TestWatcher onFailure(java.util.function.Supplier<Browser> browser,
      String prefix) {
    return new org.junit.jupiter.api.extension.TestWatcher() {
      @Override
      public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
        Browser b = browser.get();
        if (b != null) {
          b.screenshot("failed-" + prefix + context.getRequiredTestMethod().getName());
          System.err.println("Console of the failed page: " + b.severeConsoleEntries());
          // A renderer timeout once left a page painted but its scripts never run: this shows
          // which request was still pending, the lead the next occurrence needs.
          System.err.println("Load state of the failed page: " + b.loadState());
          b.keepNetLog("failed-" + prefix + context.getRequiredTestMethod().getName());
        }
        // The servers under test run in this JVM: where their event loops (Boot names them
        // webflux-http-*, Reactor Netty's own reactor-http-*) and workers stood when the page gave
        // up tells a stalled server from a stalled browser.
        Thread.getAllStackTraces().forEach((thread, stack) -> {
          String name = thread.getName();
          if (!name.contains("-http-") && !name.startsWith("boundedElastic") && !name.startsWith("parallel")) return;
          StringBuilder trace = new StringBuilder("Stack of " + thread.getName() + " (" + thread.getState() + "):");
          for (StackTraceElement frame : stack) trace.append("\n    at ").append(frame);
          System.err.println(trace);
        });
      }
    };
  }

  /**
   * Copies Chromium's net log so far to {@code target/screenshots/<name>-net-log.json}. Chromium
   * writes it as it goes and closes the JSON only on exit, so the copy may end mid-array; its
   * events are still readable line by line.
   */
  void keepNetLog(String name) {
    try {
      Path log = profile.resolve(NET_LOG);
      if (!Files.exists(log)) return;
      Files.createDirectories(SCREENSHOTS);
      Files.copy(log, SCREENSHOTS.resolve(name + "-net-log.json"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("Could not keep Chromium's net log: " + e);
    }
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png} for a reader to look at. */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temp profile is harmless; the test result stands.
      }
    }
  }
}
