package io.hubscope.observer.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FilePermissionsTests {

  @TempDir Path dir;

  @Test
  void databaseFile_readsH2FileUrlsOnly() {
    assertThat(H2FilePermissions.databaseFile("jdbc:h2:file:./data/observer;AUTO_SERVER=FALSE"))
        .isEqualTo(Path.of("./data/observer"));
    assertThat(H2FilePermissions.databaseFile("jdbc:h2:/var/lib/hubscope/obs")).isEqualTo(Path.of("/var/lib/hubscope/obs"));
    assertThat(H2FilePermissions.databaseFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
    assertThat(H2FilePermissions.databaseFile("jdbc:h2:tcp://localhost/x")).isNull();
    assertThat(H2FilePermissions.databaseFile("jdbc:postgresql://localhost/test")).isNull();
  }

  @Test
  void existingWorldReadableDirectoryAndFiles_areNarrowed() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Path db = Files.createFile(data.resolve("observer.mv.db"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-r--r--")));
    Path other = Files.createFile(data.resolve("notes.txt"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-r--r--")));

    H2FilePermissions.secureDirectory(data);
    H2FilePermissions.secureFiles(data.resolve("observer"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-r--r--");
  }
}
