package io.hubscope.observer.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in OpenAPI document against the running controllers: every {@code /api/v1} route
 * and method is in it, it lists nothing that is not a route, each named query parameter of a
 * handler is documented, and every error response is an {@code application/problem+json}
 * problem detail.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=" + ObserverTestSupport.PASSWORD,
        "spring.datasource.url=jdbc:h2:mem:openapi-${random.uuid};DB_CLOSE_DELAY=-1"})
class OpenApiDocumentIT {

  @LocalServerPort int port;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

  static JsonNode document() throws IOException {
    try (InputStream in = new ClassPathResource(OpenApiController.DOCUMENT).getInputStream()) {
      return JsonMapper.builder().build().readTree(in);
    }
  }

  /** "GET /api/v1/nodes/{id}" for every API route of the handler mapping. */
  Map<String, HandlerMethod> routes() {
    Map<String, HandlerMethod> routes = new java.util.TreeMap<>();
    mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      assertThat(methods).as("%s declares its method", info).isNotEmpty();
      for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
        if (pattern.getPatternString().startsWith("/api/")) {
          methods.forEach(m -> routes.put(m + " " + pattern.getPatternString(), handler));
        }
      }
    });
    return routes;
  }

  @Test
  void document_listsEveryApiRouteAndNoOther() throws IOException {
    Set<String> documented = new TreeSet<>();
    document().get("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + path.getKey())));

    assertThat(routes().keySet()).as("the routes under /api").isNotEmpty()
        .allMatch(r -> r.contains(" /api/v1/"), "under /api/v1");
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes().keySet());
  }

  @Test
  void document_namesEveryQueryParameterOfAHandler() throws IOException {
    JsonNode paths = document().get("paths");
    List<String> missing = new ArrayList<>();
    routes().forEach((route, handler) -> {
      String[] parts = route.split(" ");
      JsonNode op = paths.path(parts[1]).path(parts[0].toLowerCase());
      Set<String> documented = new TreeSet<>();
      if (op.has("parameters")) op.get("parameters").values().forEach(p -> documented.add(p.get("name").asString()));
      for (MethodParameter parameter : handler.getMethodParameters()) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !Map.class.isAssignableFrom(parameter.getParameterType())) {
          String name = param.name().isEmpty() ? parameter.getParameterName() : param.name();
          if (!documented.contains(name)) missing.add(route + " ?" + name);
        }
      }
    });
    assertThat(missing).as("query parameters of handlers missing from the document").isEmpty();
  }

  @Test
  void document_describesEveryErrorAsAProblemDetail() throws IOException {
    JsonNode doc = document();
    JsonNode problem = doc.get("components").get("schemas").get("ProblemDetail");
    assertThat(problem.get("required").values().stream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
    List<String> checked = new ArrayList<>();
    doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      assertThat(op.getValue().get("responses").has("401")).as(path.getKey() + " documents its 401").isTrue();
      op.getValue().get("responses").properties().forEach(response -> {
        if (response.getKey().startsWith("2")) return;
        JsonNode r = response.getValue();
        if (r.has("$ref")) {
          r = doc.at(r.get("$ref").asString().substring(1));
        }
        String where = path.getKey() + " " + response.getKey();
        assertThat(r.at("/content").propertyNames()).as(where).containsExactly("application/problem+json");
        assertThat(r.at("/content/application~1problem+json/schema/$ref").asString()).as(where)
            .isEqualTo("#/components/schemas/ProblemDetail");
        checked.add(where);
      });
    }));
    assertThat(checked).isNotEmpty();
  }

  @Test
  void document_isServedToALoggedInClientOnly() throws IOException {
    byte[] served = ObserverTestSupport.authed(port).get().uri("/api/v1/openapi.json").exchange()
        .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody().returnResult().getResponseBody();
    assertThat(JsonMapper.builder().build().readTree(served)).isEqualTo(document());
    ObserverTestSupport.client(port).get().uri("/api/v1/openapi.json").exchange()
        .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
