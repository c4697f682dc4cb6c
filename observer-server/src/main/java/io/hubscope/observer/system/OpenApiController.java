package io.hubscope.observer.system;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API's OpenAPI 3.1 description, written by hand and kept true by {@code OpenApiDocumentIT}
 * (every route documented, nothing documented that is not a route, errors as problem details).
 * Behind the API's login like every other {@code /api/v1} route: it is for the API's clients.
 */
@RestController
class OpenApiController {

  static final String DOCUMENT = "openapi/openapi.json";

  private final Resource document = new ClassPathResource(DOCUMENT);

  @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Resource openApi() {
    return document;
  }
}
