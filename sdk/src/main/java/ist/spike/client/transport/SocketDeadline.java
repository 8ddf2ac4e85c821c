package ist.spike.client.transport;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes a socket when its exchange's time is up, so that a server that trickles bytes (each read
 * within the socket's read timeout) cannot hold a blocking exchange past its request timeout. A
 * daemon thread per exchange, parked until the deadline or until {@link #cancel()}.
 */
final class SocketDeadline implements Runnable {
  private final Socket socket;
  private final long deadline; // System.nanoTime()
  private final Thread thread;
  private volatile boolean cancelled;
  private volatile boolean expired;

  private SocketDeadline(Socket socket, Duration timeout) {
    this.socket = socket;
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.thread = new Thread(this, "spike-sdk-deadline");
    thread.setDaemon(true);
  }

  /**
   * Starts the clock for {@code socket}: it is closed {@code timeout} from now unless cancelled.
   */
  static SocketDeadline start(Socket socket, Duration timeout) {
    SocketDeadline d = new SocketDeadline(socket, timeout);
    d.thread.start();
    return d;
  }

  /** True once the deadline passed and the socket was closed for it. */
  boolean expired() {
    return expired;
  }

  /** Milliseconds left, at least 1 (for a socket read timeout). */
  int remainingMillis() {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  /** Stops the clock; the socket stays as it is. */
  void cancel() {
    cancelled = true;
    LockSupport.unpark(thread);
  }

  @Override
  public void run() {
    while (!cancelled) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        expired = true;
        try {
          socket.close();
        } catch (IOException e) {
          // closing is all that is left to do
        }
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }
}
