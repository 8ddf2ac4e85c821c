package ist.spike.client.transport;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's threads on Java 17 and 21+: virtual threads when the runtime has them (the
 * servers, on 21+), otherwise a cached pool of daemon threads (SDK users on 17). The SDK is
 * compiled for 17, so the 21 APIs are looked up at run time.
 */
final class TransportThreads {
  private static final MethodHandle VIRTUAL = lookupVirtual();

  private TransportThreads() {}

  private static MethodHandle lookupVirtual() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              Executors.class,
              "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // Java 17-20
    }
  }

  /** Returns an executor for one HttpClient. */
  static ExecutorService newExecutor() {
    if (VIRTUAL != null) {
      try {
        return (ExecutorService) VIRTUAL.invoke();
      } catch (Throwable e) {
        // fall through to platform threads
      }
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "spike-sdk-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return Executors.newCachedThreadPool(daemons);
  }

  /**
   * Releases the client's selector thread and connections ({@code HttpClient.close()} on 21+; on 17
   * the client has no close and its selector ends once the executor is shut down and it is
   * unreachable), then ends the executor after calls in flight.
   */
  static void close(HttpClient http, ExecutorService executor) {
    if (http instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // HttpClient.close() declares no checked exception
      }
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
