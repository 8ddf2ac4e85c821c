package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocking exchange against a hostile Nexus: a TLS server with Nexus's SVID that answers with a
 * script. Each misbehaviour is a clear error within the request timeout.
 */
class BlockingExchangeTest {
  /** What the hostile server writes after reading the request. */
  interface Script {
    void answer(OutputStream out) throws Exception;
  }

  private static final Duration TIMEOUT = Duration.ofMillis(700);

  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource nexusSource;
  static FileSvidSource pilotSource;
  static SpikeTransport client;

  SSLServerSocket server;
  CompletableFuture<String> request;

  @BeforeAll
  static void trustDomain() {
    td = DevTrustDomain.create(dir);
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    pilotSource = td.sourceFor(td.id("workload/app"));
    client =
        SpikeTransport.builder()
            .svidSource(pilotSource)
            .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
            .requestTimeout(TIMEOUT)
            .connectTimeout(Duration.ofSeconds(2))
            .maxResponseBytes(1000)
            .blocking()
            .build();
  }

  @AfterAll
  static void close() {
    client.close();
    nexusSource.close();
    pilotSource.close();
  }

  @BeforeEach
  void listen() throws IOException {
    server =
        (SSLServerSocket)
            SpiffeTls.sslContext(nexusSource, SpiffeIdVerifier.anyIn(Set.of("spike.ist")))
                .getServerSocketFactory()
                .createServerSocket(0);
    server.setNeedClientAuth(true);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Serves one connection with {@code script}; the request's head is in {@link #request}. */
  private void serve(Script script) {
    request = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (SSLSocket s = (SSLSocket) server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                  int b = in.read();
                  if (b < 0) {
                    break;
                  }
                  head.write(b);
                }
                request.complete(head.toString(StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                script.answer(out);
                out.flush();
              } catch (Exception e) {
                request.complete("server: " + e);
              }
            },
            "hostile-nexus");
    t.setDaemon(true);
    t.start();
  }

  private URI uri() {
    return URI.create("https://localhost:" + server.getLocalPort());
  }

  private static Script text(String answer) {
    return out -> out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
  }

  private SpikeTransport.RawResponse post() throws Exception {
    return client.postRaw(uri(), "/v1/store/secrets?action=get", "{}".getBytes());
  }

  @Test
  void wellFormedAnswer_requestIsHttp11WithConnectionClose() throws Exception {
    serve(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));

    SpikeTransport.RawResponse r = post();

    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("{}");
    assertThat(request.get(5, TimeUnit.SECONDS))
        .startsWith("POST /v1/store/secrets?action=get HTTP/1.1\r\n")
        .contains("Host: localhost:" + server.getLocalPort() + "\r\n")
        .contains("Content-Length: 2\r\n")
        .contains("Connection: close\r\n");
  }

  @Test
  void chunkedAnswer_read() throws Exception {
    serve(
        text(
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"));

    SpikeTransport.RawResponse r = post();

    assertThat(r.status()).isEqualTo(404);
    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("{}");
  }

  @Test
  void liesAboutLength_clearError() {
    serve(text("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":{}}"));

    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageEndingWith("reading the answer failed: answer ended after 11 of its 100 bytes");
  }

  @Test
  void garbage_clearError() {
    serve(text("SSH-2.0-OpenSSH_9.6\r\n\r\n"));

    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageEndingWith("I/O error: malformed status line in the answer");
  }

  @Test
  void oversizeHeaders_clearError() {
    serve(
        out -> {
          out.write("HTTP/1.1 200 OK\r\nX: ".getBytes(StandardCharsets.US_ASCII));
          out.write(new byte[20_000]);
        });

    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageEndingWith("I/O error: answer has a header longer than 8192 bytes");
  }

  @Test
  void endlessBody_stopsAtMaxResponseBytes() {
    serve(
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 100; i++) {
            out.write(new byte[1000]);
          }
        });

    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeProtocolException.class)
        .hasMessageEndingWith("answered more than 1000 bytes");
  }

  @Test
  void stallsBeforeTheHead_timesOutWithinTheRequestTimeout() {
    serve(out -> Thread.sleep(5_000));

    long start = System.nanoTime();
    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("no answer within PT0.7S (SPIKE_HTTP_CLIENT_TIMEOUT)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void tricklesTheHead_timesOutWithinTheRequestTimeout() {
    serve(
        out -> {
          out.write("HTTP/1.1 200 OK\r\nX: ".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 8000; i++) {
            out.write('x');
            out.flush();
            Thread.sleep(20); // each byte within the socket's read timeout; the head not
          }
        });

    long start = System.nanoTime();
    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("no answer within PT0.7S (SPIKE_HTTP_CLIENT_TIMEOUT)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void tricklesTheBody_timesOutWithinTheRequestTimeout() {
    serve(
        out -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 900; i++) {
            out.write('x');
            out.flush();
            Thread.sleep(20); // each byte well within a read timeout; the whole not
          }
        });

    long start = System.nanoTime();
    assertThatThrownBy(this::post)
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("no answer within PT0.7S (SPIKE_HTTP_CLIENT_TIMEOUT)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
