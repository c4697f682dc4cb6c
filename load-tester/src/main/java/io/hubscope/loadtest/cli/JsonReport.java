package io.hubscope.loadtest.cli;

import io.hubscope.loadtest.run.LoadTestResult;
import io.hubscope.loadtest.run.LoadTestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code --json FILE}: the settings and the result, for scripts and the benchmark. */
final class JsonReport {

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonReport() {}

  static void write(Path file, LoadTestSettings settings, LoadTestResult result) throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("servers", settings.servers());
    s.put("profile", settings.profile().displayName());
    s.put("clients", settings.clients());
    s.put("runSeconds", settings.run().toSeconds());
    s.put("rampUpSeconds", settings.rampUp().toSeconds());
    s.put("rampDownSeconds", settings.rampDown().toSeconds());
    s.put("intervalMillis", settings.intervalMillis());
    s.put("groups", settings.groups());
    s.put("protocol", settings.protocol());
    s.put("maxMissedPercent", settings.maxMissedPercent());
    report.put("settings", s);
    report.put("result", result);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, MAPPER.writeValueAsString(report));
  }
}
