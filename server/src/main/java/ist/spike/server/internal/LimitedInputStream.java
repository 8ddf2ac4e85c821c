package ist.spike.server.internal;

import ist.spike.server.RequestBodyReadException;
import ist.spike.server.RequestBodyTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body stream that fails with {@link RequestBodyTooLargeException} once more than {@code
 * limit} bytes arrive, and with {@link RequestBodyReadException} when reading fails (the wrapped
 * {@link DeadlineBodyStream} fails a read that waits past the body deadline). It remembers whether
 * the body was read to its end, so the server knows whether the connection can be kept.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;
  private boolean ended;

  /**
   * Wraps a stream.
   *
   * @param in the raw body
   * @param limit the most bytes allowed
   */
  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Tells whether the body was read to its end. */
  public boolean ended() {
    return ended;
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
    // Read one byte beyond the limit so that a body of exactly `limit` bytes passes.
    int want = (int) Math.min(len, limit - count + 1);
    int n;
    try {
      n = super.read(b, off, want);
    } catch (RequestBodyTooLargeException | RequestBodyReadException e) {
      throw e;
    } catch (IOException e) {
      throw new RequestBodyReadException("reading the request body failed", e);
    }
    if (n < 0) {
      ended = true;
    }
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new RequestBodyTooLargeException(limit);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Reads everything up to the limit.
   *
   * @return the bytes; the caller zeroes them
   * @throws IOException as {@link #read(byte[], int, int)}
   */
  public byte[] readAllBounded() throws IOException {
    byte[] buffer = new byte[(int) Math.min(Math.max(limit, 0) + 1, 8192)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        byte[] bigger =
            java.util.Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, limit + 1));
        java.util.Arrays.fill(buffer, (byte) 0);
        buffer = bigger;
      }
      int n = read(buffer, size, buffer.length - size);
      if (n < 0) {
        break;
      }
      size += n;
    }
    byte[] out = java.util.Arrays.copyOf(buffer, size);
    java.util.Arrays.fill(buffer, (byte) 0);
    return out;
  }
}
