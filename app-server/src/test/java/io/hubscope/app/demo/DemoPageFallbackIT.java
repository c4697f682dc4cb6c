package io.hubscope.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.app.clients.NodeClientCheck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The demo page in Chromium where WebSockets are blocked (the page finds no {@code WebSocket}, as
 * behind a proxy that refuses upgrades): both the {@code @microsoft/signalr} client and dotNetify's
 * fall back to Server-Sent Events, or, with no {@code EventSource} either, to Long Polling, and the
 * page works. (dotNetify's own transport list maps its names off by one onto the client's enum, so
 * its first try already lets the client pick.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "hubscope.demo.stock-interval=200ms")
@Import(NodeClientCheck.Recording.class)
class DemoPageFallbackIT {

  @LocalServerPort int port;
  @Autowired NodeClientCheck.TransportRecorder transports;

  @ParameterizedTest(name = "without {0}")
  @CsvSource({"WebSocket,ServerSentEvents", "WebSocket EventSource,LongPolling"})
  void withoutWebSockets_theBrowserClientsFallBack_pricesMove_andDotNetifyAnswers(String blocked, String expected)
      throws Exception {
    transports.clear();
    try (HeadlessChromium chromium = new HeadlessChromium()) {
      var driver = chromium.driver();
      StringBuilder block = new StringBuilder();
      for (String api : blocked.split(" ")) block.append("delete window.").append(api).append("; window.").append(api)
          .append(" = undefined;");
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", block.toString()));
      driver.get("http://localhost:" + port + "/");
      assertThat(driver.executeScript("return typeof WebSocket")).isEqualTo("undefined");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
      wait.until(d -> d.findElement(By.id("status")).getText().equals("live"));
      wait.until(d -> d.findElements(By.cssSelector("#stocks tbody tr")).size() == 5);
      String before = driver.findElement(By.cssSelector("#stocks tbody tr")).getAttribute("data-price");
      wait.until(d -> !d.findElement(By.cssSelector("#stocks tbody tr")).getAttribute("data-price").equals(before));

      wait.until(d -> d.findElement(By.id("greeting")).getText().equals("Hello World!"));
      driver.findElement(By.id("first-name")).sendKeys("Grace");
      driver.findElement(By.id("last-name")).sendKeys("Hopper");
      driver.findElement(By.cssSelector("#hello-form button")).click();
      wait.until(d -> d.findElement(By.id("greeting")).getText().equals("Hello, Grace Hopper!"));

      assertThat(transports.seen()).containsExactly(expected);
      chromium.screenshot("demo-page-over-" + expected);
    }
  }
}
