package io.hubscope.observer.history;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.ApplicationListener;

/**
 * Keeps an H2 file database readable by its owner only: the history holds IPs, user agents and
 * payload text. Before the first connection the database's directory is created (or narrowed) to
 * 0700, and once the app is up the database files in it are set to 0600. H2 itself creates files
 * with the process umask (often 0644). Other JDBC URLs and non-POSIX file systems are left alone.
 */
public final class H2FilePermissions implements BeanPostProcessor, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(H2FilePermissions.class);
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private volatile Path database;

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource ds) {
      HikariDataSource hikari = DataSourceUnwrapper.unwrap(ds, HikariDataSource.class);
      Path file = hikari == null ? null : databaseFile(hikari.getJdbcUrl());
      if (file != null) {
        database = file;
        secureDirectory(file.toAbsolutePath().getParent());
      }
    }
    return bean;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Path file = database;
    if (file != null) secureFiles(file.toAbsolutePath());
  }

  /** The database's path without H2's extension, or null when the URL is not an H2 file database. */
  static Path databaseFile(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) return null;
    String rest = url.substring(8);
    int semicolon = rest.indexOf(';');
    if (semicolon >= 0) rest = rest.substring(0, semicolon);
    if (rest.regionMatches(true, 0, "file:", 0, 5)) {
      rest = rest.substring(5);
    } else if (rest.matches("(?i)^(mem|tcp|ssl|zip|nio\\w*|split|async|retry):.*")) {
      return null;
    }
    if (rest.isEmpty()) return null;
    if (rest.startsWith("~")) rest = System.getProperty("user.home") + rest.substring(1);
    return Path.of(rest);
  }

  static void secureDirectory(Path dir) {
    try {
      if (!Files.exists(dir)) {
        Files.createDirectories(dir);
      }
      Files.setPosixFilePermissions(dir, OWNER_DIR);
    } catch (UnsupportedOperationException e) {
      log.debug("No POSIX permissions on {}: left as is", dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the history directory " + dir + " owner-only", e);
    }
  }

  static void secureFiles(Path database) {
    Path dir = database.getParent();
    String prefix = database.getFileName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(prefix))) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) Files.setPosixFilePermissions(f, OWNER_FILE);
      }
    } catch (UnsupportedOperationException e) {
      log.debug("No POSIX permissions on {}: left as is", dir);
    } catch (IOException e) {
      log.warn("Cannot make the history files in {} owner-only: {}", dir, e.toString());
    }
  }
}
