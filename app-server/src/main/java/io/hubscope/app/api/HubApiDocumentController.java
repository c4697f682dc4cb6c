package io.hubscope.app.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The REST data plane's OpenAPI document, public (it holds no secret). */
@RestController
class HubApiDocumentController {

  static final String DOCUMENT = "openapi/hub-api.json";

  @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Resource document() {
    return new ClassPathResource(DOCUMENT);
  }
}
