package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Http1ResponseTest {
  private static final byte[] NEXT = "NEXT".getBytes(StandardCharsets.US_ASCII);
  private static final int LIMIT = 4096;

  enum Framing {
    LENGTH,
    CHUNKED,
    CLOSE
  }

  /** Serialises an answer: head with filler headers, then the body in the given framing. */
  static byte[] answer(
      int status, byte[] body, Framing framing, List<Integer> chunkSizes, int fillers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\n");
    for (int i = 0; i < fillers; i++) {
      write(out, "X-Filler-" + i + ":  v" + i + " \r\n");
    }
    switch (framing) {
      case LENGTH -> write(out, "Content-Length: " + body.length + "\r\n\r\n");
      case CHUNKED -> write(out, "Transfer-Encoding: chunked\r\n\r\n");
      case CLOSE -> write(out, "Connection: close\r\n\r\n");
    }
    if (framing != Framing.CHUNKED) {
      out.writeBytes(body);
      return out.toByteArray();
    }
    int at = 0;
    for (int i = 0; at < body.length; i++) {
      int size = Math.min(body.length - at, Math.max(1, chunkSizes.get(i % chunkSizes.size())));
      write(out, Integer.toHexString(size) + (i % 3 == 1 ? ";ext=1" : "") + "\r\n");
      out.write(body, at, size);
      write(out, "\r\n");
      at += size;
    }
    write(out, "0\r\n" + (fillers % 2 == 1 ? "Trailer-X: y\r\n" : "") + "\r\n");
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Returns its bytes in pieces of the given sizes (cycled), then ends or repeats forever. */
  static final class Pieces extends InputStream {
    private final byte[] data;
    private final List<Integer> sizes;
    private final boolean forever;
    long consumed;
    private int piece;

    Pieces(byte[] data, List<Integer> sizes, boolean forever) {
      this.data = data;
      this.sizes = sizes;
      this.forever = forever;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!forever && consumed >= data.length) {
        return -1;
      }
      int at = (int) (consumed % data.length);
      int n = Math.min(len, Math.max(1, sizes.get(piece++ % sizes.size())));
      n = Math.min(n, data.length - at);
      System.arraycopy(data, at, b, off, n);
      consumed += n;
      return n;
    }
  }

  @Property(tries = 1000)
  void validAnswer_anySplit_parsesToTheSameStatusAndBody(
      @ForAll("statuses") int status,
      @ForAll @Size(max = 3000) byte[] body,
      @ForAll Framing framing,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 700) Integer> chunkSizes,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 97) Integer> splits,
      @ForAll @IntRange(max = 20) int fillers)
      throws IOException {
    byte[] wire = answer(status, body, framing, chunkSizes, fillers);
    byte[] withNext = java.util.Arrays.copyOf(wire, wire.length + NEXT.length);
    System.arraycopy(NEXT, 0, withNext, wire.length, NEXT.length);
    // a connection-delimited body runs to the end; the others must stop at their framing's end
    InputStream in = new Pieces(framing == Framing.CLOSE ? wire : withNext, splits, false);

    Http1Response r = Http1Response.read(in);

    assertThat(r.status()).isEqualTo(status);
    assertThat(r.body().readAllBytes()).isEqualTo(body);
    if (framing != Framing.CLOSE) {
      assertThat(in.readAllBytes()).as("bytes after the answer, unread").isEqualTo(NEXT);
    }
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.of(200, 400, 401, 404, 500, 503);
  }

  /**
   * Whatever the server sends, even without end: the reader answers or throws an IOException,
   * having read a bounded number of bytes for a bounded body.
   */
  @Property(tries = 1000)
  void anyBytes_evenEndless_answerOrIoException_boundedRead(
      @ForAll("hostile") byte[] wire,
      @ForAll boolean endless,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 5000) Integer> splits) {
    Pieces in = new Pieces(wire, splits, endless);
    try {
      Http1Response r = Http1Response.read(in);
      r.body().readNBytes(LIMIT + 1);
    } catch (IOException e) {
      assertThat(e).isInstanceOfAny(ProtocolException.class, EOFException.class);
    }
    // six heads (five interim), then LIMIT + 1 body bytes each behind at most a chunk-size line
    long bound =
        6L * Http1Response.MAX_HEAD + (LIMIT + 1L) * (Http1Response.MAX_LINE + 5) + 2 * 65_536;
    assertThat(in.consumed).isLessThanOrEqualTo(bound);
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
    Arbitrary<byte[]> tokens =
        Arbitraries.of(
                "HTTP/1.1 200 OK\r\n",
                "HTTP/1.1 100 Continue\r\n",
                "HTTP/1.0 404\r\n",
                "Content-Length: 5\r\n",
                "Content-Length: 99999999999\r\n",
                "Content-Length: -1\r\n",
                "Transfer-Encoding: chunked\r\n",
                "Transfer-Encoding: gzip\r\n",
                "X: y\r\n",
                " folded\r\n",
                "\r\n",
                "\n",
                "ffffffffffffffff\r\n",
                "5\r\nabcde\r\n",
                "3;x\r\nab",
                "0\r\n",
                "zz\r\n",
                "\u00ff\u0000:\r\n")
            .list()
            .ofMinSize(1)
            .ofMaxSize(12)
            .map(parts -> String.join("", parts).getBytes(StandardCharsets.ISO_8859_1));
    return Arbitraries.oneOf(random, tokens);
  }

  @Test
  void endlessHeaders_stopAtTheHeaderCount() {
    InputStream in = endless("HTTP/1.1 200 OK\r\n", "X: y\r\n");

    assertThatThrownBy(() -> Http1Response.read(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("answer has more than 100 headers");
  }

  @Test
  void endlessHeaderLine_stopsAtTheLineLimit() {
    InputStream in = endless("HTTP/1.1 200 OK\r\nX: ", "y");

    assertThatThrownBy(() -> Http1Response.read(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("answer has a header longer than 8192 bytes");
  }

  @Test
  void endlessChunkExtension_stopsAtTheLineLimit() throws IOException {
    InputStream in = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;", "x");
    Http1Response r = Http1Response.read(in);

    assertThatThrownBy(() -> r.body().readAllBytes())
        .isInstanceOf(ProtocolException.class)
        .hasMessage("answer has a chunk size line longer than 8192 bytes");
  }

  @Test
  void shortBody_namesTheCounts() throws IOException {
    Http1Response r = read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

    assertThatThrownBy(() -> r.body().readAllBytes())
        .isInstanceOf(EOFException.class)
        .hasMessage("answer ended after 3 of its 10 bytes");
  }

  @Test
  void malformedAnswers_clearErrors() {
    assertMalformed("HELLO\r\n\r\n", "malformed status line in the answer");
    assertMalformed("HTTP/1.1 20 OK\r\n\r\n", "malformed status line in the answer");
    assertMalformed("HTTP/2 200 OK\r\n\r\n", "malformed status line in the answer");
    assertMalformed("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "malformed header line in the answer");
    assertMalformed("HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "malformed header line in the answer");
    assertMalformed(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "conflicting Content-Length values in the answer");
    assertMalformed(
        "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
        "conflicting Content-Length values in the answer");
    assertMalformed(
        "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", "malformed Content-Length in the answer");
    assertMalformed(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "unsupported Transfer-Encoding in the answer: gzip, chunked");
    assertMalformed(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "answer has both Content-Length and Transfer-Encoding");
    assertMalformed("HTTP/1.1 101 Switching\r\n\r\n", "unexpected interim answer 101");
  }

  @Test
  void malformedChunks_clearErrors() throws IOException {
    assertBodyFails(
        "3\r\nabcdef\r\n0\r\n\r\n", "chunk in the answer is longer than its size line says");
    assertBodyFails("g\r\n", "malformed chunk size line in the answer");
    assertBodyFails("1000000000000000\r\n", "malformed chunk size line in the answer");
    assertBodyFails("\r\n", "malformed chunk size line in the answer");
  }

  @Test
  void interimAnswers_skipped_noBodyFor204() throws IOException {
    Http1Response r =
        read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n");

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body().readAllBytes()).isEmpty();
  }

  private static void assertMalformed(String wire, String message) {
    assertThatThrownBy(() -> read(wire))
        .as(wire)
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  private static void assertBodyFails(String chunks, String message) throws IOException {
    Http1Response r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
    assertThatThrownBy(() -> r.body().readAllBytes())
        .as(chunks)
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  private static Http1Response read(String wire) throws IOException {
    return Http1Response.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** {@code head}, then {@code repeated} without end. */
  private static InputStream endless(String head, String repeated) {
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] r = repeated.getBytes(StandardCharsets.ISO_8859_1);
    return new InputStream() {
      long n;

      @Override
      public int read() {
        long i = n++;
        return i < h.length ? h[(int) i] : r[(int) ((i - h.length) % r.length)];
      }
    };
  }
}
