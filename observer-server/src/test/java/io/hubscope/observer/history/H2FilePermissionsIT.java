package io.hubscope.observer.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The history's H2 files are the owner's alone: a 0700 directory and 0600 files. */
class H2FilePermissionsIT {

  @TempDir Path dir;

  @Test
  void fileDatabase_isCreatedOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    try (ConfigurableApplicationContext observer = new SpringApplicationBuilder(ObserverApplication.class).run(
        "--server.port=0",
        "--hubscope.observer.password=" + ObserverTestSupport.PASSWORD,
        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("observer") + ";AUTO_SERVER=FALSE")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
      Path db = data.resolve("observer.mv.db");
      assertThat(db).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }
  }
}
