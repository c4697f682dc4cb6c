package io.hubscope.loadtest.metrics;

import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A count the event loops bump for every message: each thread adds to a cell of its own, on a
 * cache line of its own, so no line moves between cores per message. (A {@link
 * java.util.concurrent.atomic.LongAdder} keeps one shared base until it sees a CAS fail, and two
 * loops that rarely collide pay a cache miss per add on it.) A sum races benignly with the adds.
 */
public final class ThreadCounter {

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(Cell.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final List<Cell> cells = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<Cell> own = new FastThreadLocal<>() {
    @Override
    protected Cell initialValue() {
      Cell cell = new Cell();
      cells.add(cell);
      return cell;
    }
  };

  public void increment() {
    Cell cell = own.get();
    VALUE.setOpaque(cell, cell.value + 1); // one writer per cell: no CAS needed
  }

  public long sum() {
    long sum = 0;
    for (Cell cell : cells) sum += (long) VALUE.getOpaque(cell);
    return sum;
  }

  /** One thread's count, padded to a cache line of its own on either side. */
  @SuppressWarnings("unused")
  static final class Cell {
    long p1, p2, p3, p4, p5, p6, p7;
    long value;
    long q1, q2, q3, q4, q5, q6, q7;
  }
}
