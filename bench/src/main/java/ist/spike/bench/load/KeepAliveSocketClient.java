package ist.spike.bench.load;

import ist.spike.identity.SpiffeTls;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A lean HTTP/1.1 client for the load generator: a pool of at most {@code maxConnections}
 * keep-alive TLS sockets (a worker waits for a free one, and that wait counts in its latency, as in
 * any pooled client), each request written in one piece, each answer read by its {@code
 * Content-Length}. Issue 13's peer figures came from a Go load generator on plain {@code
 * crypto/tls}; the JDK {@code HttpClient} spends more of the two shared cores per request than that
 * client does (its selector thread and asynchronous pipeline), which the server under test then
 * lacks. This client costs about what a blocking socket costs, so a p99 measured through it is the
 * server's (ADR 0177).
 *
 * <p>Benchmark-only: it understands exactly the answers Nexus and the bare endpoint give (a status
 * line, headers with a {@code Content-Length}, a body) and fails loudly on anything else.
 */
public final class KeepAliveSocketClient implements AutoCloseable {
  private static final int MAX_HEAD = 16 * 1024;
  private final SSLContext context;
  private final int port;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  /**
   * A client for one server on 127.0.0.1.
   *
   * @param context the client's TLS context (its SVID and the server's verifier)
   * @param port the server's port
   * @param maxConnections the most connections it opens (the server caps connections per SPIFFE ID,
   *     so a worker per connection above that cap would be refused)
   */
  public KeepAliveSocketClient(SSLContext context, int port, int maxConnections) {
    this.context = context;
    this.port = port;
    this.permits = new Semaphore(maxConnections, true);
  }

  /**
   * Sends a POST on a free pooled connection (opened when none is idle) and reads the whole answer.
   *
   * @param pathAndQuery the request target
   * @param body the JSON body
   * @return the status code
   * @throws IOException if the connection fails or the answer is not one this client reads
   * @throws InterruptedException if interrupted while waiting for a free connection
   */
  public int post(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
    permits.acquire();
    try {
      Connection c = idle.poll();
      if (c == null) {
        c = connect();
      }
      try {
        int status = c.exchange(pathAndQuery, body);
        if (!c.closed) {
          idle.add(c);
        }
        return status;
      } catch (IOException e) {
        c.close();
        throw e;
      }
    } finally {
      permits.release();
    }
  }

  /**
   * {@link #post} that fails unless the answer has the expected status.
   *
   * @param pathAndQuery the request target
   * @param body the JSON body
   * @param expected the status the server must answer
   * @throws IOException on a failed exchange or another status
   * @throws InterruptedException if interrupted while waiting for a free connection
   */
  public void post(String pathAndQuery, byte[] body, int expected)
      throws IOException, InterruptedException {
    int status = post(pathAndQuery, body);
    if (status != expected) {
      throw new IOException(pathAndQuery + " answered " + status + ", expected " + expected);
    }
  }

  /**
   * The bytes of a JSON POST to 127.0.0.1, head and body in one piece.
   *
   * @param port the server's port (for the Host header)
   * @param pathAndQuery the request target
   * @param body the JSON body
   * @param close whether to ask the server to close the connection after answering
   * @return the request
   */
  public static byte[] jsonPost(int port, String pathAndQuery, byte[] body, boolean close) {
    byte[] head =
        ("POST "
                + pathAndQuery
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + (close ? "\r\nConnection: close" : "")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  private Connection connect() throws IOException {
    SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
    // as Go's net package does; otherwise Nagle's algorithm holds a request's last segment
    s.setTcpNoDelay(true);
    s.setSoTimeout(30_000);
    s.setSSLParameters(SpiffeTls.sslParameters());
    Connection c = new Connection(s);
    open.add(c);
    return c;
  }

  /** Closes every connection the workers opened. */
  @Override
  public void close() {
    for (Connection c : open) {
      c.close();
    }
    open.clear();
    idle.clear();
  }

  private final class Connection {
    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private volatile boolean closed;

    Connection(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    int exchange(String pathAndQuery, byte[] body) throws IOException {
      out.write(jsonPost(port, pathAndQuery, body, false));
      out.flush();
      return readAnswer();
    }

    private int readAnswer() throws IOException {
      String headText = readHead();
      String[] lines = headText.split("\r\n");
      if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
        throw new IOException("not an HTTP/1.1 status line: " + headText);
      }
      int status = Integer.parseInt(lines[0].substring(9, 12));
      long length = -1;
      boolean closeAfter = false;
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i].toLowerCase(Locale.ROOT);
        if (line.startsWith("content-length:")) {
          length = Long.parseLong(line.substring("content-length:".length()).trim());
        } else if (line.startsWith("transfer-encoding:")) {
          throw new IOException("chunked answers are not read by this client: " + headText);
        } else if (line.startsWith("connection:") && line.contains("close")) {
          closeAfter = true;
        }
      }
      if (length < 0) {
        throw new IOException("answer without Content-Length: " + headText);
      }
      in.skipNBytes(length);
      if (closeAfter) {
        close();
      }
      return status;
    }

    private String readHead() throws IOException {
      byte[] buf = new byte[512];
      int n = 0;
      while (n < 4
          || buf[n - 4] != '\r'
          || buf[n - 3] != '\n'
          || buf[n - 2] != '\r'
          || buf[n - 1] != '\n') {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed by the server before an answer");
        }
        if (n == buf.length) {
          if (n >= MAX_HEAD) {
            throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
          }
          buf = Arrays.copyOf(buf, n * 2);
        }
        buf[n++] = (byte) b;
      }
      return new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1);
    }

    void close() {
      closed = true;
      open.remove(this);
      try {
        socket.close();
      } catch (IOException e) {
        // closing a socket the server may already have closed: nothing to do
      }
    }
  }
}
