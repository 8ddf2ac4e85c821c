package ist.spike.client.transport;

import ist.spike.client.error.SpikeConnectionException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a blocking {@link SSLSocket}, one connection per request ({@code Connection:
 * close}), for processes that make a call or two and exit (Pilot): no selector thread, no pool and
 * none of the JDK {@code HttpClient}'s classes (ADR 0264). The socket comes from the same {@link
 * SSLContext} and {@link SSLParameters} as the {@code HttpClient}'s, with the server name and
 * endpoint identification set as the {@code HttpClient} sets them, so the server's chain and SPIFFE
 * ID are checked by the same trust manager. The connect timeout bounds connecting; the request
 * timeout bounds everything after it, the answer's body included ({@link SocketDeadline}).
 */
final class BlockingExchange implements Exchange {
  private static final int DEFAULT_PORT = 443;

  private final SSLContext context;
  private final SSLParameters parameters;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  BlockingExchange(
      SSLContext context,
      SSLParameters parameters,
      Duration connectTimeout,
      Duration requestTimeout) {
    this.context = context;
    this.parameters = parameters;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Answer post(String call, URI uri, String contentType, byte[] body)
      throws SpikeConnectionException {
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    Socket raw = new Socket();
    SocketDeadline deadline = null;
    boolean answered = false;
    try {
      try {
        raw.connect(new InetSocketAddress(host, port), millis(connectTimeout));
      } catch (SocketTimeoutException e) {
        throw ErrorMapper.connection(call, "connecting timed out", e);
      }
      deadline = SocketDeadline.start(raw, requestTimeout);
      raw.setSoTimeout(deadline.remainingMillis());
      raw.setTcpNoDelay(true);
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true);
      tls.setSSLParameters(parametersFor(host));
      tls.startHandshake();
      // one write, one TLS record: a second small segment would wait for the server's delayed ACK
      byte[] head = head(uri, host, contentType, body.length);
      byte[] request = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      try {
        OutputStream out = tls.getOutputStream();
        out.write(request);
        out.flush();
      } finally {
        Arrays.fill(request, (byte) 0);
      }
      Http1Response response = Http1Response.read(new BufferedInputStream(tls.getInputStream()));
      answered = true;
      return new Answer(response.status(), new Body(response.body(), deadline, tls));
    } catch (SpikeConnectionException e) {
      throw e;
    } catch (IOException e) {
      if (deadline != null && (deadline.expired() || e instanceof SocketTimeoutException)) {
        throw ErrorMapper.connection(call, noAnswer(), e);
      }
      if (e instanceof ConnectException) {
        throw ErrorMapper.connection(call, "cannot connect (is the server running?)", e);
      }
      if (e instanceof SSLException) {
        throw ErrorMapper.connection(call, "TLS failed: " + ErrorMapper.tlsReason(e), e);
      }
      throw ErrorMapper.connection(call, "I/O error: " + e.getMessage(), e);
    } finally {
      if (!answered) {
        if (deadline != null) {
          deadline.cancel();
        }
        closeQuietly(raw);
      }
    }
  }

  private String noAnswer() {
    return "no answer within " + requestTimeout + " (SPIKE_HTTP_CLIENT_TIMEOUT)";
  }

  /** As the JDK {@code HttpClient} prepares its engines: SNI for a host name, HTTPS endpoint ID. */
  private SSLParameters parametersFor(String host) {
    SSLParameters p = new SSLParameters();
    p.setProtocols(parameters.getProtocols());
    p.setCipherSuites(parameters.getCipherSuites());
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(host)) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    return p;
  }

  private static boolean isIpLiteral(String host) {
    if (host.startsWith("[")) {
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] head(URI uri, String host, String contentType, int length) {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String authority = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    return ("POST "
            + target
            + " HTTP/1.1\r\nHost: "
            + authority
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + length
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing else to release
    }
  }

  /** No pool and no threads between calls. */
  @Override
  public void close() {}

  /**
   * The answer's body: its reads stay within the request's deadline (a read after it reports the
   * timeout), and closing it closes the connection and stops the clock.
   */
  private final class Body extends FilterInputStream {
    private final SocketDeadline deadline;
    private final SSLSocket socket;

    Body(InputStream framed, SocketDeadline deadline, SSLSocket socket) {
      super(framed);
      this.deadline = deadline;
      this.socket = socket;
    }

    @Override
    public int read() throws IOException {
      try {
        socket.setSoTimeout(deadline.remainingMillis());
        return super.read();
      } catch (IOException e) {
        throw timedOut(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        socket.setSoTimeout(deadline.remainingMillis());
        return super.read(b, off, len);
      } catch (IOException e) {
        throw timedOut(e);
      }
    }

    private IOException timedOut(IOException e) {
      if (deadline.expired() || e instanceof SocketTimeoutException) {
        SocketTimeoutException t = new SocketTimeoutException(noAnswer());
        t.initCause(e);
        return t;
      }
      return e;
    }

    @Override
    public void close() throws IOException {
      deadline.cancel();
      socket.close();
    }
  }
}
