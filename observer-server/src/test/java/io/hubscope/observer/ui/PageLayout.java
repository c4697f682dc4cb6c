package io.hubscope.observer.ui;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Measures what a reader sees of the current page: cut text, boxes that run off their card, a page
 * taller than the window. Numbers come from the browser's own layout, so a test fails the way a
 * person looking at the screen would notice.
 */
final class PageLayout {

  private final JavascriptExecutor js;

  PageLayout(JavascriptExecutor js) {
    this.js = js;
  }

  /**
   * The elements matching {@code selector} whose text does not fit their box (wider content than
   * the box shows, whether cut by an ellipsis or hidden), each as {@code "text" (scroll > client)}.
   */
  @SuppressWarnings("unchecked")
  List<String> cutText(String selector) {
    return (List<String>) js.executeScript(
        "return Array.from(document.querySelectorAll(arguments[0]))"
            + ".filter(e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight + 1)"
            + ".map(e => JSON.stringify(e.textContent) + ' (' + e.scrollWidth + 'x' + e.scrollHeight"
            + " + ' > ' + e.clientWidth + 'x' + e.clientHeight + ')');", selector);
  }

  /** How far (px) the element's right edge passes the inner right edge of its nearest card. */
  double overflowRightOfCard(String selector) {
    return ((Number) js.executeScript(
        "const e = document.querySelector(arguments[0]); const card = e.closest('.card');"
            + "const pad = parseFloat(getComputedStyle(card).paddingRight);"
            + "return e.getBoundingClientRect().right - (card.getBoundingClientRect().right - pad);",
        selector)).doubleValue();
  }

  /** The document's height and the window's, in CSS pixels. */
  @SuppressWarnings("unchecked")
  Map<String, Number> heights() {
    return (Map<String, Number>) js.executeScript(
        "return {document: document.documentElement.scrollHeight, window: window.innerHeight};");
  }

  /** Whether the element scrolls its own content vertically (more content than it shows). */
  boolean scrollsInside(String selector) {
    return (Boolean) js.executeScript(
        "const e = document.querySelector(arguments[0]);"
            + "return e.scrollHeight > e.clientHeight && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY);",
        selector);
  }

  long innerWidth() {
    return ((Number) js.executeScript("return window.innerWidth;")).longValue();
  }
}
