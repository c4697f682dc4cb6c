package io.hubscope.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The app server: the hub at {@code /dotnetify} with the demo view models. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AppServerApplication {

  public static void main(String[] args) {
    // One event loop per core: the hub does little per message, so more loops only add switching.
    if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
      System.setProperty("reactor.netty.ioWorkerCount", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    SpringApplication.run(AppServerApplication.class, args);
  }
}
