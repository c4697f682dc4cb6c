package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.TapBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTextsTests {

  @Test
  void givesTheSameInstanceForTheSameText_andTheRightTextWhateverTheSlots() {
    RecentTexts texts = new RecentTexts();
    String first = texts.of("xEchoVMy".toCharArray(), 1, 6);
    assertThat(first).isEqualTo("EchoVM");
    assertThat(texts.of("EchoVM".toCharArray(), 0, 6)).isSameAs(first);
    for (int i = 0; i < 5_000; i++) { // far more texts than slots: every answer is still its own text
      String text = "Vm" + i;
      assertThat(texts.of(text.toCharArray(), 0, text.length())).isEqualTo(text);
    }
    String longText = "L".repeat(RecentTexts.MAX_LENGTH + 1);
    assertThat(texts.of(longText.toCharArray(), 0, longText.length())).isEqualTo(longText)
        .isNotSameAs(texts.of(longText.toCharArray(), 0, longText.length()));
  }

  @Test
  void eventsNamingTheSameViewModel_shareOneString() {
    TapBatch batch = TapBatch.from("proxy-1", "proxy").seq(1);
    batch.msg("c1", "in", "Update_VM", "EchoVM", 10, "{}");
    batch.msg("c2", "out", "Response_VM", "EchoVM", 10, "{}");
    // Read from the batch's bytes, as ingest reads it (a tree would hand out its own strings).
    tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
    try (tools.jackson.core.JsonParser parser = json.createParser(json.writeValueAsBytes(batch.json()))) {
      parser.nextToken();
      List<TapFields> events = IngestBatch.decode(parser).events();
      assertThat(events.get(0).text(TapField.VM)).isEqualTo("EchoVM").isSameAs(events.get(1).text(TapField.VM));
    }
  }
}
