package io.hubscope.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by Selenium without Selenium Manager (nothing is downloaded), in a fresh
 * profile that is deleted on close, with a closed network except localhost.
 */
final class HeadlessChromium implements AutoCloseable {

  private final Path profile;
  private final ChromeDriver driver;

  HeadlessChromium() throws IOException {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    profile = Files.createTempDirectory("hubscope-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--window-size=1280,800",
        "--user-data-dir=" + profile,
        // As observer-server's Browser: a starved machine must not make Chromium treat the page as
        // backgrounded and throttle its timers and renderer (the waits below would run out).
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows");
    driver = new ChromeDriver(options);
    // The demo page loads in well under a second idle; 60 s is a give-up point on a loaded 2-core
    // machine, so a stalled renderer fails the test with a message instead of the driver's 300 s.
    driver.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(60));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Saves a screenshot under target/screenshots/ for a reader to look at. */
  void screenshot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
