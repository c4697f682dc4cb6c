package io.hubscope.hub.server;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.protocol.ArgumentDecoder;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A decoded method with its decoder, which the hub's readers use and which decodes trees too. */
record DecodedMethod<T>(ArgumentDecoder<T> decoder, DecodedHubMethod<T> method) {

  /** Invokes the method with arguments {@link #decoder} made. */
  @SuppressWarnings("unchecked")
  Mono<?> invoke(HubConnection connection, String target, List<Object> decoded) {
    return method.invoke(new DecodedHubCall<>(connection, target, (List<T>) decoded));
  }

  /** Tree arguments decoded from parsers over the trees: the same tokens the JSON text gives. */
  List<Object> decode(ObjectMapper mapper, List<JsonNode> trees) {
    List<Object> decoded = new ArrayList<>(trees.size());
    for (JsonNode tree : trees) {
      try (JsonParser parser = mapper.treeAsTokens(tree)) {
        parser.nextToken();
        decoded.add(decoder.decode(parser));
      }
    }
    return decoded;
  }
}
