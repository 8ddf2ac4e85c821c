package ist.spike.faults.attack;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile client: opens {@code count} connections with a few threads, does its damage on each,
 * then keeps them silent until {@link #close()}. Connections the server refuses or closes are
 * counted, not retried.
 */
final class Attack implements AutoCloseable {
  /** What the attacker does on one connection; it returns the socket to hold. */
  @FunctionalInterface
  interface Step {
    Socket open() throws IOException;
  }

  // Two openers: the attacker shares this machine's cores with Nexus and the probe.
  private static final int OPENERS = 2;

  final String name;
  private final int count;
  private final Step step;
  private final ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final ExecutorService openers = Executors.newFixedThreadPool(OPENERS);
  private volatile boolean stopping;

  Attack(String name, int count, Step step) {
    this.name = name;
    this.count = count;
    this.step = step;
  }

  /** Starts opening the connections in the background. */
  Attack start() {
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < OPENERS; t++) {
      openers.execute(
          () -> {
            while (!stopping && next.getAndIncrement() < count) {
              try {
                held.add(step.open());
                opened.incrementAndGet();
              } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
              }
            }
          });
    }
    return this;
  }

  /** Waits until every connection was attempted, at most {@code seconds}. */
  boolean awaitOpened(long seconds) throws InterruptedException {
    openers.shutdown();
    return openers.awaitTermination(seconds, TimeUnit.SECONDS);
  }

  int opened() {
    return opened.get();
  }

  int failed() {
    return failed.get();
  }

  /** Stops the attack: every held connection is closed. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    openers.shutdownNow();
    openers.awaitTermination(10, TimeUnit.SECONDS);
    for (Socket s : held) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    held.clear();
  }

  @Override
  public String toString() {
    return name + " (" + count + " connections: " + opened + " opened, " + failed + " refused)";
  }
}
