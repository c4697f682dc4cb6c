package io.hubscope.observer.ui;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's operator actions as a user drives them: log in, open a connection, disconnect it
 * or send to it, drain a proxy, each through the in-page confirmation. Shared through the test-jar,
 * so an end-to-end test (a real node control, the official JS client) runs the same page flow.
 */
public final class DashboardActions {

  /** How long a page may take on a loaded 2-core machine; not a promise of the dashboard. */
  public static final Duration PAGE = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final String base;

  public DashboardActions(WebDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /**
   * Reads an element of a live table, finding it again on each try: the table is rebuilt about
   * once a second, so an element found in one step may be replaced by the next (stale is retried).
   */
  public <T> T readLive(By locator, Duration timeout, java.util.function.Function<WebElement, T> read) {
    return waitUpTo(timeout).ignoring(StaleElementReferenceException.class)
        .until(d -> read.apply(d.findElement(locator)));
  }

  /** Clicks an element of a live table (see {@link #readLive}). */
  public void clickLive(By locator) {
    readLive(locator, PAGE, e -> {
      e.click();
      return true;
    });
  }

  public WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  /** Logs in as {@code user}, after dropping any earlier session. */
  public void logIn(String user, String password) {
    driver.get(base + "/login");
    driver.manage().deleteAllCookies();
    driver.get(base + "/login");
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
    waitUpTo(PAGE).until(ExpectedConditions.presenceOfElementLocated(By.id("overview")));
  }

  /** Opens a connection's page and waits until the live view knows it and its actions are enabled. */
  public void openConnection(String id) {
    driver.get(base + "/connections/" + id);
    waitUpTo(PAGE).until(ExpectedConditions.textToBe(By.id("conn-state"), "active"));
  }

  /** Disconnect with {@code reason}, confirmed; returns the outcome line the page shows. */
  public String disconnect(String reason) {
    WebElement input = driver.findElement(By.id("disconnect-reason"));
    input.clear();
    input.sendKeys(reason);
    waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(By.id("disconnect"))).click();
    return confirm();
  }

  /** Send {@code propertiesJson} to {@code vmId} of the open connection, confirmed. */
  public String send(String vmId, String propertiesJson) {
    WebElement vm = driver.findElement(By.id("send-vm"));
    vm.clear();
    vm.sendKeys(vmId);
    WebElement props = driver.findElement(By.id("send-props"));
    props.clear();
    props.sendKeys(propertiesJson);
    waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(By.id("send"))).click();
    return confirm();
  }

  /** Drains the proxy {@code nodeId} from the nodes page, spread over {@code seconds}, confirmed. */
  public String drain(String nodeId, int seconds) {
    WebElement card = nodeCard(nodeId);
    WebElement spread = card.findElement(By.cssSelector("input.drain-spread"));
    spread.clear();
    spread.sendKeys(Integer.toString(seconds));
    card.findElement(By.cssSelector("button.drain")).click();
    return confirm(card.findElement(By.cssSelector(".action-result")));
  }

  public String undrain(String nodeId) {
    WebElement card = nodeCard(nodeId);
    card.findElement(By.cssSelector("button.undrain")).click();
    return confirm(card.findElement(By.cssSelector(".action-result")));
  }

  /** A node's card on the nodes page, once its live view drew it. */
  public WebElement nodeCard(String nodeId) {
    if (!driver.getCurrentUrl().endsWith("/nodes")) driver.get(base + "/nodes");
    By card = By.id("node-" + nodeId.replaceAll("[^\\w-]", "_"));
    return waitUpTo(PAGE).until(ExpectedConditions.presenceOfElementLocated(card));
  }

  /** The confirmation's facts as shown ("key: value" per line), while it is open. */
  public List<String> confirmationFacts() {
    waitUpTo(PAGE).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
    return driver.findElement(By.id("confirm-facts")).findElements(By.tagName("dd")).stream()
        .map(WebElement::getText).toList();
  }

  public void cancel() {
    waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(By.id("confirm-cancel"))).click();
    waitUpTo(PAGE).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
  }

  private String confirm() {
    return confirm(driver.findElement(By.id("action-result")));
  }

  private String confirm(WebElement result) {
    waitUpTo(PAGE).until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
    waitUpTo(PAGE).until(d -> result.getText().startsWith("Done") || result.getText().startsWith("Refused")
        || result.getText().startsWith("Failed"));
    return result.getText();
  }
}
