package io.hubscope.observer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.RecordingNodeControl;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.control.CommandResult;
import io.hubscope.observer.control.NodeCommand;
import io.hubscope.observer.ingest.IngestService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The operator's actions in Chromium with a recording NodeControl: an admin disconnects, sends and
 * drains through the in-page confirmation; a viewer has no controls and the API refuses it; an
 * action without the CSRF token is refused; the audit page shows each attempt as text.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=" + ObserverTestSupport.PASSWORD, "hubscope.observer.ingest-token=t",
        "spring.datasource.url=jdbc:h2:mem:ui-actions-${random.uuid};DB_CLOSE_DELAY=-1",
        "hubscope.observer.users[0].name=" + ObserverTestSupport.VIEWER,
        "hubscope.observer.users[0].password-hash=" + ObserverTestSupport.VIEWER_HASH,
        "hubscope.observer.users[0].role=viewer"})
@Import(RecordingNodeControl.Config.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActionsDashboardIT {

  static final String NODE = "proxy-ui-act@host:8082";
  static final String CONN = "ui-act-1";
  static final String XSS_REASON = "<img src=x onerror=window.__xss=1>";

  static Browser browser;

  @RegisterExtension
  TestWatcher onFailure = Browser.onFailure(() -> browser, "actions-");

  @LocalServerPort int port;
  @Autowired IngestService ingest;
  @Autowired RecordingNodeControl control;
  DashboardActions dashboard;

  @BeforeAll
  static void openBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) browser.close();
  }

  @BeforeEach
  void setUp() {
    dashboard = new DashboardActions(browser.driver, "http://localhost:" + port);
    if (ingest.batches() == 0) {
      ingest.ingest(TapBatch.from(NODE, "proxy").seq(1).host(0.2, 1L << 30, 8L << 30)
          .open(CONN, "203.0.113.9", "Probe/1")
          .msg(CONN, "in", "Request_VM", "Chat", 40, "{}").json());
    }
    control.reset();
  }

  /** fetch() from the page: an action's status as the browser sees it. */
  long postFromPage(String path, boolean withToken) {
    Object status = browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const h = {'Content-Type': 'application/json', 'X-Requested-With': 'fetch'};"
            + "if (arguments[1]) h[document.querySelector('meta[name=hubscope-csrf-header]').content] ="
            + "  document.querySelector('meta[name=hubscope-csrf]').content;"
            + "fetch(arguments[0], {method: 'POST', headers: h, body: '{}', credentials: 'same-origin'})"
            + ".then(r => done(r.status), e => done(-1));", path, withToken);
    return ((Number) status).longValue();
  }

  @Test
  @Order(0)
  void admin_disconnectsAfterConfirming_cancelSendsNothing() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    dashboard.openConnection(CONN);

    browser.driver.findElement(By.id("disconnect-reason")).sendKeys(XSS_REASON);
    browser.driver.findElement(By.id("disconnect")).click();
    assertThat(dashboard.confirmationFacts()).containsExactly(CONN, NODE, XSS_REASON);
    browser.screenshot("20-confirm-disconnect");
    dashboard.cancel();
    assertThat(browser.driver.findElement(By.id("action-result")).getText()).isEqualTo("Cancelled.");
    assertThat(control.commands).isEmpty();

    control.answer = new CommandResult(CommandResult.Status.OK, "closed 1 connection", 1);
    String outcome = dashboard.disconnect(XSS_REASON);

    assertThat(outcome).isEqualTo("Done: closed 1 connection (1 connection)");
    assertThat(control.commands).containsExactly(new NodeCommand.Disconnect(NODE, CONN, XSS_REASON));
    assertThat(browser.driver.executeScript("return window.__xss")).isNull();
    browser.screenshot("21-disconnected");
  }

  @Test
  @Order(1)
  void admin_sendsJson_andSeesTheNodesRefusal() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    dashboard.openConnection(CONN);
    assertThat(browser.driver.findElement(By.id("send-vm")).getAttribute("value")).as("prefilled").isEqualTo("Chat");

    control.answer = new CommandResult(CommandResult.Status.REJECTED, "no view model Chat on this connection", 0);
    String outcome = dashboard.send("Chat", "{\"Message\": \"hello\"}");

    assertThat(outcome).isEqualTo("Refused (409): no view model Chat on this connection");
    assertThat(control.commands).containsExactly(new NodeCommand.SendToConnection(NODE, CONN, "Chat",
        TapBatch.JSON.valueToTree(Map.of("Message", "hello"))));

    // Not JSON: the page says so and sends nothing.
    browser.driver.findElement(By.id("send-props")).clear();
    browser.driver.findElement(By.id("send-props")).sendKeys("{nope");
    browser.driver.findElement(By.id("send")).click();
    assertThat(browser.driver.findElement(By.id("action-result")).getText()).startsWith("Properties are not valid JSON");
    assertThat(browser.driver.findElement(By.id("confirm-dialog")).isDisplayed()).isFalse();
    assertThat(control.commands).hasSize(1);
  }

  @Test
  @Order(2)
  void admin_drainsAndUndrainsAProxy() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    String drained = dashboard.drain(NODE, 45);
    browser.screenshot("22-drained");
    String undrained = dashboard.undrain(NODE);

    assertThat(drained).startsWith("Done");
    assertThat(undrained).startsWith("Done");
    assertThat(control.commands).containsExactly(new NodeCommand.Drain(NODE, Duration.ofSeconds(45)),
        new NodeCommand.Undrain(NODE));
  }

  @Test
  @Order(3)
  void actionWithoutTheCsrfToken_isRefused() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    dashboard.openConnection(CONN);

    assertThat(postFromPage("/api/v1/nodes/" + NODE + "/undrain", false)).isEqualTo(403);
    assertThat(control.commands).isEmpty();
    assertThat(postFromPage("/api/v1/nodes/" + NODE + "/undrain", true)).isEqualTo(200);
  }

  @Test
  @Order(4)
  void viewer_hasNoActionControls_andTheApiRefusesIt() {
    dashboard.logIn(ObserverTestSupport.VIEWER, ObserverTestSupport.VIEWER_PASSWORD);
    dashboard.openConnection(CONN);
    assertThat(browser.driver.findElements(By.id("conn-actions"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("disconnect"))).isEmpty();
    assertThat(browser.driver.findElement(By.id("who")).getText()).isEqualTo(ObserverTestSupport.VIEWER + " · viewer");

    WebElement card = dashboard.nodeCard(NODE);
    assertThat(card.findElements(By.cssSelector("button"))).isEmpty();
    browser.screenshot("23-viewer-nodes");

    assertThat(postFromPage("/api/v1/connections/" + CONN + "/disconnect", true)).isEqualTo(403);
    assertThat(control.commands).isEmpty();
  }

  @Test
  @Order(5)
  void groupsPage_listsGroupsAndViewModelsLive_andAClickListsTheMembers() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    browser.driver.get("http://localhost:" + port + "/groups");
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBe(By.id("live-indicator"), "live"));
    TapBatch batch = TapBatch.from(NODE, "proxy").seq(2).open("room-a", "198.51.100.1", "Probe/2")
        .open("room-b", "198.51.100.2", "Probe/2");
    batch.groupMsg("room-a", "in", "ChatRoom$lobby", "lobby", 1).groupMsg("room-b", "in", "ChatRoom$lobby", "lobby", 1)
        .groupMsg(null, "out", "ChatRoom$lobby", "lobby", 2).groupMsg(null, "out", "ChatRoom$lobby", XSS_REASON, 1);
    ingest.ingest(batch.json());

    By row = By.cssSelector("#group-table tr[data-id='lobby']");
    String members = dashboard.readLive(row, Duration.ofSeconds(5), r -> r.findElements(By.tagName("td")).get(1).getText());
    assertThat(members).isEqualTo("2");
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("group-table"), XSS_REASON));
    assertThat(browser.driver.findElements(By.cssSelector("#group-table img"))).isEmpty();
    dashboard.clickLive(row);
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-count"), "2 open connections"));
    assertThat(browser.driver.findElement(By.id("member-title")).getText()).isEqualTo("Group lobby");
    assertThat(browser.driver.findElements(By.cssSelector("#member-table a"))).extracting(WebElement::getText)
        .containsExactly("room-a", "room-b");
    browser.screenshot("25-groups");

    browser.driver.findElement(By.id("group-send-vm")).sendKeys("ChatRoom$lobby");
    browser.driver.findElement(By.id("group-send-props")).sendKeys("{\"Notice\": \"maintenance\"}");
    browser.driver.findElement(By.id("group-send")).click();
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Done"));
    assertThat(control.commands).containsExactly(new NodeCommand.SendToGroup("lobby", "ChatRoom$lobby",
        TapBatch.JSON.valueToTree(Map.of("Notice", "maintenance"))));

    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("group-kind"))).selectByValue("viewmodels");
    dashboard.clickLive(By.cssSelector("#group-table tr[data-id='ChatRoom$lobby']"));
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-title"), "View model ChatRoom$lobby"));
    dashboard.waitUpTo(DashboardActions.PAGE).until(d -> d.findElements(By.cssSelector("#member-table a")).size() == 2);
    dashboard.clickLive(By.linkText("room-a"));
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.textToBe(By.id("conn-id"), "room-a"));
  }

  @Test
  @Order(6)
  void auditPage_showsEveryAttempt_asText() {
    dashboard.logIn(ObserverTestSupport.USER, ObserverTestSupport.PASSWORD);
    browser.driver.findElement(By.id("nav-audit")).click();
    dashboard.waitUpTo(DashboardActions.PAGE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-table tr.audit-row")));
    String table = browser.driver.findElement(By.id("audit-table")).getText();

    assertThat(table).contains("connection.disconnect", "connection " + CONN + " on " + NODE,
        "reason: " + XSS_REASON, "connection.send", "rejected", "no view model Chat on this connection",
        "node.drain", "node.undrain", ObserverTestSupport.VIEWER + " (viewer)", "forbidden");
    assertThat(browser.driver.findElements(By.cssSelector("#audit-table img"))).isEmpty();
    assertThat(browser.driver.executeScript("return window.__xss")).isNull();
    browser.screenshot("24-audit");

    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.name("status"))).selectByVisibleText("forbidden");
    dashboard.waitUpTo(DashboardActions.PAGE).until(d -> d.findElements(By.cssSelector("#audit-table tr.audit-row")).stream()
        .allMatch(r -> r.getText().contains("forbidden")) && !d.findElements(By.cssSelector("#audit-table tr.audit-row")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("#audit-table tr.audit-row"))).hasSize(1);
  }
}
