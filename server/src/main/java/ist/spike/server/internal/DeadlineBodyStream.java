package ist.spike.server.internal;

import ist.spike.server.RequestBodyReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;

/**
 * A blocking view of a request body whose reads fail once a deadline passes, even while a read is
 * waiting for bytes that never come (a body shorter than its {@code Content-Length}, a chunked body
 * without its last chunk). Jetty's own {@code Content.Source.asInputStream} waits without limit.
 *
 * <p>The deadline is the earlier of the read timeout and the time the declared length needs at the
 * minimum data rate (plus one second of grace), so a slow sender of a small body is cut off early.
 */
public final class DeadlineBodyStream extends InputStream {
  private final Content.Source source;
  private final long deadlineNanos;
  private final Semaphore ready = new Semaphore(0);
  private Content.Chunk chunk;
  private boolean eof;

  /**
   * Wraps a request body.
   *
   * @param source the request
   * @param deadlineNanos {@link System#nanoTime()} after which reads fail
   */
  public DeadlineBodyStream(Content.Source source, long deadlineNanos) {
    this.source = source;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Computes a body deadline.
   *
   * @param startNanos when the request started ({@link System#nanoTime()})
   * @param readTimeoutNanos the longest a body may take
   * @param declaredLength the {@code Content-Length}, or negative if unknown (chunked)
   * @param minBytesPerSecond the slowest accepted rate
   * @return the deadline in {@link System#nanoTime()} terms
   */
  public static long deadline(
      long startNanos, long readTimeoutNanos, long declaredLength, long minBytesPerSecond) {
    long budget = readTimeoutNanos;
    if (declaredLength >= 0) {
      long atRate =
          TimeUnit.SECONDS.toNanos(1)
              + (long) ((double) declaredLength / minBytesPerSecond * TimeUnit.SECONDS.toNanos(1));
      budget = Math.min(budget, atRate);
    }
    return startNanos + budget;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (eof) {
        return -1;
      }
      if (chunk == null) {
        chunk = next();
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        throw new RequestBodyReadException("reading the request body failed", failure);
      }
      int n = Math.min(len, chunk.remaining());
      if (n > 0) {
        chunk.get(b, off, n);
      }
      if (!chunk.hasRemaining()) {
        boolean last = chunk.isLast();
        chunk.release();
        chunk = null;
        eof = last;
      }
      if (n > 0) {
        return n;
      }
    }
  }

  private Content.Chunk next() throws IOException {
    while (true) {
      Content.Chunk next;
      try {
        next = source.read();
        if (next != null) {
          return next;
        }
        source.demand(ready::release);
      } catch (IllegalStateException e) {
        // Jetty completed the exchange under us (the connection failed or timed out): the
        // request is gone, which is a failed body read, not a server error.
        throw new RequestBodyReadException("the connection ended before the request body", e);
      }
      long left = deadlineNanos - System.nanoTime();
      boolean signalled;
      try {
        signalled = left > 0 && ready.tryAcquire(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RequestBodyReadException("interrupted while reading the request body", e);
      }
      if (!signalled) {
        throw new RequestBodyReadException("the request body was not received in time", null);
      }
    }
  }

  @Override
  public void close() {
    if (chunk != null) {
      chunk.release();
      chunk = null;
    }
  }
}
