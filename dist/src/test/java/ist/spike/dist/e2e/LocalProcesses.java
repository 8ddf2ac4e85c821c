package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A server process started by a test on 127.0.0.1: its port, its start and its stop. */
final class LocalProcesses {
  private LocalProcesses() {}

  /** A port nothing listens on at the moment. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether something accepts TCP connections on {@code port}. */
  static boolean accepting(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits up to 60 s until {@code process} accepts on {@code port}, and fails with its log if it
   * exited instead.
   */
  static void awaitAccepting(Process process, int port, Path log) throws IOException {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> accepting(port) || !process.isAlive());
    assertThat(process.isAlive()).as("log: %s", Files.readString(log)).isTrue();
  }

  /** Stops {@code process}: SIGTERM, then SIGKILL after 20 s. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
