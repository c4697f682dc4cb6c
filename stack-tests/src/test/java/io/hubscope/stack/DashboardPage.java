package io.hubscope.stack;

import io.hubscope.observer.ui.Browser;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard of a {@link DemoStack} in a {@link Browser}: logging in and reading what it shows. */
final class DashboardPage {

  private final Browser browser;
  private final DemoStack stack;

  DashboardPage(Browser browser, DemoStack stack) {
    this.browser = browser;
    this.stack = stack;
  }

  /**
   * Opens {@code path}, logging in with bin/demo's printed login when the dashboard asks for it.
   * The 20 s bounds are give-up points, not expectations: the whole stack and its load run beside
   * Chromium on a 2-core machine, where a login round trip or a page's first live snapshot (well
   * under a second idle) can take many seconds.
   */
  void open(String path) {
    browser.driver.get(stack.dashboard(path));
    if (browser.driver.getCurrentUrl().contains("/login")) {
      browser.driver.findElement(By.id("username")).sendKeys(stack.user);
      browser.driver.findElement(By.id("password")).sendKeys(stack.password);
      browser.driver.findElement(By.id("login-submit")).click();
      waitUpTo(20).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
      if (!browser.driver.getCurrentUrl().endsWith(path)) browser.driver.get(stack.dashboard(path));
    }
    waitUpTo(20).until(ExpectedConditions.textToBe(By.id("live-indicator"), "live"));
  }

  WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
  }

  String text(String id) {
    return browser.driver.findElement(By.id(id)).getText();
  }

  /** A number as the dashboard formats it ({@code 1,234.5}, {@code 312.4/s}); only plain numbers, no k/M units. */
  double number(String id) {
    String shown = text(id).replace("/s", "").replace(",", "").trim();
    if (!shown.matches("-?\\d+(\\.\\d+)?")) throw new IllegalStateException("#" + id + " shows '" + shown + "'");
    return Double.parseDouble(shown);
  }
}
