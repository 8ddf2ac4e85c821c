package ist.spike.faults.attack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every 500 ms, a superuser opens a new mTLS connection and reads a secret; a probe succeeds when
 * the answer is 200 within one second of the start. Each probe runs on its own virtual thread, so a
 * slow probe never delays the next one.
 */
final class SuperuserProbe implements AutoCloseable {
  static final long PERIOD_MILLIS = 500;
  static final int DEADLINE_MILLIS = 1000;

  /** One probe: its outcome in words when it failed, and how long it took. */
  record Result(boolean ok, long millis, String failure) {}

  private final HttpClient superuser;
  private final HttpRequest request;
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final List<Thread> probes = new ArrayList<>();
  private final Thread ticker;
  private volatile boolean stopped;

  SuperuserProbe(HttpClient superuser, URI nexus, String secretPath) {
    this.superuser = superuser;
    this.request =
        HttpRequest.newBuilder(nexus.resolve("/v1/store/secrets?action=get"))
            .timeout(Duration.ofMillis(DEADLINE_MILLIS))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + secretPath + "\"}"))
            .build();
    this.ticker = Thread.ofPlatform().name("superuser-probe").start(this::tick);
  }

  private void tick() {
    long start = System.nanoTime();
    for (long i = 0; !stopped; i++) {
      long due = start + TimeUnit.MILLISECONDS.toNanos(i * PERIOD_MILLIS);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (stopped) {
        return;
      }
      synchronized (probes) {
        probes.add(Thread.ofVirtual().start(() -> results.add(once())));
      }
    }
  }

  private Result once() {
    long t0 = System.nanoTime();
    try {
      int status = superuser.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      long took = elapsedMillis(t0);
      if (status != 200) {
        return new Result(false, took, "status " + status);
      }
      return took <= DEADLINE_MILLIS
          ? new Result(true, took, "")
          : new Result(false, took, "answered after " + took + " ms");
    } catch (IOException e) {
      return new Result(false, elapsedMillis(t0), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, elapsedMillis(t0), "interrupted");
    }
  }

  private static long elapsedMillis(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** Stops sending, waits for the probes in flight, and returns every result. */
  List<Result> stop() throws InterruptedException {
    stopped = true;
    ticker.interrupt();
    ticker.join();
    List<Thread> all;
    synchronized (probes) {
      all = List.copyOf(probes);
    }
    for (Thread t : all) {
      t.join(5000);
    }
    return List.copyOf(results);
  }

  @Override
  public void close() throws InterruptedException {
    if (!stopped) {
      stop();
    }
  }
}
