package io.hubscope.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The demo page in a real browser: the official browser client connects and prices move. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "hubscope.demo.stock-interval=200ms")
class DemoPageIT {

  @LocalServerPort int port;

  @Test
  void demoPage_goesLive_pricesMove_dotNetifyClientWorks_chatStaysText() throws Exception {
    try (HeadlessChromium chromium = new HeadlessChromium()) {
      var driver = chromium.driver();
      driver.get("http://localhost:" + port + "/");
      // Each step below takes about a second on an idle machine (prices move every 200 ms); 15 s
      // is only the point to give up at when Chromium and the server share a loaded 2-core machine.
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
      wait.until(d -> d.findElement(By.id("status")).getText().equals("live"));
      wait.until(d -> d.findElements(By.cssSelector("#stocks tbody tr")).size() == 5);
      String before = prices(driver.findElements(By.cssSelector("#stocks tbody tr")));
      wait.until(d -> !prices(d.findElements(By.cssSelector("#stocks tbody tr"))).equals(before));

      // HelloWorld through dotNetify's client: the server time ticks and the command answers.
      wait.until(d -> d.findElement(By.id("greeting")).getText().equals("Hello World!"));
      String time = driver.findElement(By.id("server-time")).getText();
      wait.until(d -> !d.findElement(By.id("server-time")).getText().equals(time));
      driver.findElement(By.id("first-name")).sendKeys("Grace");
      driver.findElement(By.id("last-name")).sendKeys("Hopper");
      driver.findElement(By.cssSelector("#hello-form button")).click();
      wait.until(d -> d.findElement(By.id("greeting")).getText().equals("Hello, Grace Hopper!"));

      driver.findElement(By.id("chat-name")).sendKeys("Ada");
      driver.findElement(By.id("chat-text")).sendKeys("<b>hello</b> from the browser");
      driver.findElement(By.cssSelector("#chat-form button")).click();
      wait.until(d -> d.findElements(By.cssSelector("#messages li")).size() == 1);
      WebElement message = driver.findElement(By.cssSelector("#messages li"));
      assertThat(message.getText()).contains("<b>hello</b> from the browser");
      assertThat(message.findElements(By.tagName("b"))).isEmpty();
      chromium.screenshot("demo-page");
    }
  }

  private static String prices(List<WebElement> rows) {
    StringBuilder sb = new StringBuilder();
    for (WebElement row : rows) sb.append(row.getAttribute("data-price")).append(';');
    return sb.toString();
  }
}
