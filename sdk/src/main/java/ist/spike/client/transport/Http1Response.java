package ist.spike.client.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an HTTP/1.1 answer's head (status line and headers) from a server and frames its body
 * ({@code Content-Length}, chunked, or up to the end of the connection), for {@link
 * BlockingExchange}. Bounded: a line is at most {@link #MAX_LINE} bytes, a head at most {@link
 * #MAX_HEADERS} header lines and {@link #MAX_HEAD} bytes, and the body stream reads no byte past
 * its framing. Anything else is a {@link ProtocolException} naming what was wrong; an answer that
 * ends early is an {@link EOFException}.
 */
final class Http1Response {
  /** The longest status, header, chunk-size or trailer line, in bytes. */
  static final int MAX_LINE = 8192;

  /** The most header (or trailer) lines. */
  static final int MAX_HEADERS = 100;

  /** The largest head (status line and headers), in bytes. */
  static final int MAX_HEAD = 64 * 1024;

  /** The most interim (1xx) answers skipped before the final one. */
  private static final int MAX_INTERIM = 5;

  private final int status;
  private final InputStream body;

  private Http1Response(int status, InputStream body) {
    this.status = status;
    this.body = body;
  }

  /** The final answer's status. */
  int status() {
    return status;
  }

  /** The body, framed: it ends where the answer's body ends. Closing it closes {@code in}. */
  InputStream body() {
    return body;
  }

  /**
   * Reads the head of the final answer from {@code in} (skipping interim 1xx answers).
   *
   * @param in the connection's input, buffered by the caller
   * @throws IOException if the head is malformed, over a limit, or the connection ends in it
   */
  static Http1Response read(InputStream in) throws IOException {
    for (int interim = 0; ; interim++) {
      LineReader lines = new LineReader(in, MAX_HEAD);
      int status = statusCode(lines.line("status line"));
      long contentLength = -1;
      boolean chunked = false;
      boolean transferEncoding = false;
      for (int n = 0; ; n++) {
        String line = lines.line("header");
        if (line.isEmpty()) {
          break;
        }
        if (n == MAX_HEADERS) {
          throw new ProtocolException("answer has more than " + MAX_HEADERS + " headers");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line, colon)) {
          throw new ProtocolException("malformed header line in the answer");
        }
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        if (name.equals("content-length")) {
          contentLength = contentLength(value, contentLength);
        } else if (name.equals("transfer-encoding")) {
          if (transferEncoding || !value.equalsIgnoreCase("chunked")) {
            throw new ProtocolException("unsupported Transfer-Encoding in the answer: " + value);
          }
          transferEncoding = true;
          chunked = true;
        }
      }
      if (status >= 100 && status < 200) {
        if (status == 101 || interim == MAX_INTERIM) {
          throw new ProtocolException("unexpected interim answer " + status);
        }
        continue;
      }
      if (chunked && contentLength >= 0) {
        throw new ProtocolException("answer has both Content-Length and Transfer-Encoding");
      }
      InputStream body;
      if (status == 204 || status == 304) {
        body = new LengthBody(in, 0);
      } else if (chunked) {
        body = new ChunkedBody(in);
      } else if (contentLength >= 0) {
        body = new LengthBody(in, contentLength);
      } else {
        body = in; // HTTP/1.1 allows an answer delimited by the end of the connection
      }
      return new Http1Response(status, body);
    }
  }

  private static int statusCode(String line) throws ProtocolException {
    // HTTP/1.x SSS[ reason]
    boolean ok =
        line.length() >= 12
            && line.startsWith("HTTP/1.")
            && isDigit(line.charAt(7))
            && line.charAt(8) == ' '
            && isDigit(line.charAt(9))
            && isDigit(line.charAt(10))
            && isDigit(line.charAt(11))
            && (line.length() == 12 || line.charAt(12) == ' ');
    if (!ok || line.charAt(9) == '0') {
      throw new ProtocolException("malformed status line in the answer");
    }
    return Integer.parseInt(line, 9, 12, 10);
  }

  private static long contentLength(String value, long previous) throws ProtocolException {
    long length = 0;
    for (String part : value.split(",", -1)) {
      String digits = part.strip();
      if (digits.isEmpty()
          || digits.length() > 18
          || !digits.chars().allMatch(Http1Response::isDigit)) {
        throw new ProtocolException("malformed Content-Length in the answer");
      }
      long n = Long.parseLong(digits);
      if ((previous >= 0 && n != previous) || (length > 0 && n != length)) {
        throw new ProtocolException("conflicting Content-Length values in the answer");
      }
      length = n;
      previous = n;
    }
    return length;
  }

  private static boolean isToken(String line, int end) {
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Reads CRLF- (or LF-) terminated lines, each at most {@link #MAX_LINE}, all at most a budget.
   */
  static final class LineReader {
    private final InputStream in;
    private int budget;

    LineReader(InputStream in, int budget) {
      this.in = in;
      this.budget = budget;
    }

    /** Returns the next line without its terminator (ISO-8859-1, as HTTP's octets). */
    String line(String what) throws IOException {
      byte[] buf = new byte[128];
      int n = 0;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("answer ended inside its " + what);
        }
        if (--budget < 0) {
          throw new ProtocolException("answer's head is larger than " + MAX_HEAD + " bytes");
        }
        if (b == '\n') {
          if (n > 0 && buf[n - 1] == '\r') {
            n--;
          }
          return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
        if (n == MAX_LINE) {
          throw new ProtocolException(
              "answer has a " + what + " longer than " + MAX_LINE + " bytes");
        }
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, n * 2));
        }
        buf[n++] = (byte) b;
      }
    }
  }

  /** A body of a known length: ends after it, and fails if the connection ends before. */
  static final class LengthBody extends InputStream {
    private final InputStream in;
    private final long length;
    private long left;

    LengthBody(InputStream in, long length) {
      this.in = in;
      this.length = length;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException(
            "answer ended after " + (length - left) + " of its " + length + " bytes");
      }
      left -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
