package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonTreesTests {

  final JsonMapper mapper = JsonMappers.builder().build();

  @Test
  void readsEachValueOfAnArray_andLeavesTheParserOnItsLastToken() {
    byte[] json = "[{\"a\":[1,2.5,{\"b\":null}]},\"text\",null,true,[ ],7]".getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = mapper.createParser(json)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      StringBuilder read = new StringBuilder();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonNode node = JsonTrees.read(parser);
        read.append(node).append(' ');
      }
      assertThat(read.toString()).isEqualTo("{\"a\":[1,2.5,{\"b\":null}]} \"text\" null true [] 7 ");
      assertThat(parser.nextToken()).isNull();
    }
  }

  @Test
  void noValue_isNull() {
    try (JsonParser parser = mapper.createParser(new byte[0])) {
      assertThat(JsonTrees.read(parser).isNull()).isTrue();
    }
  }
}
