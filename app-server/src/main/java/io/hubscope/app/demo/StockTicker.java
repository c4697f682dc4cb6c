package io.hubscope.app.demo;

import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A multicast stock ticker: one instance for all clients, prices moving on a timer. */
public final class StockTicker extends MulticastVM {

  /** One quote. */
  public record Stock(String symbol, double price, double change) {}

  private final Property<Stock[]> stocks = property("Stocks", Stock[].class, new Stock[] {
      new Stock("MSFT", 412.30, 0), new Stock("AAPL", 231.10, 0), new Stock("GOOG", 172.40, 0),
      new Stock("AMZN", 186.90, 0), new Stock("NVDA", 131.20, 0)});

  public StockTicker(Duration interval) {
    schedule(interval, this::tick);
  }

  private void tick() {
    List<Stock> next = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (Stock s : stocks.get()) {
      double change = Math.round((random.nextDouble() - 0.5) * s.price() * 0.01 * 100) / 100.0;
      next.add(new Stock(s.symbol(), Math.round((s.price() + change) * 100) / 100.0, change));
    }
    stocks.set(next.toArray(Stock[]::new));
    pushUpdates();
  }
}
