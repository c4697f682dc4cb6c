package io.hubscope.observer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The observer: tap ingest, aggregation, history, live streams, REST API and dashboard. */
@SpringBootApplication
public class ObserverApplication {

  public static void main(String[] args) {
    SpringApplication.run(ObserverApplication.class, args);
  }
}
