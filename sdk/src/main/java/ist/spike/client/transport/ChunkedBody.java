package ist.spike.client.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Objects;

/**
 * Decodes a chunked HTTP/1.1 body (RFC 9112 §7.1): chunk-size lines in hex (extensions ignored),
 * each chunk followed by CRLF, a last chunk of size 0, then trailer lines up to an empty one
 * (ignored, at most {@link Http1Response#MAX_HEADERS}). Reads nothing past the body's end. A
 * malformed size line, a chunk not followed by CRLF or more than 15 hex digits is a {@link
 * ProtocolException}; a connection that ends inside the body is an {@link EOFException}.
 */
final class ChunkedBody extends InputStream {
  private final InputStream in;
  private long chunkLeft; // bytes left in the current chunk
  private boolean started;
  private boolean done;

  ChunkedBody(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (chunkLeft == 0) {
      if (done) {
        return -1;
      }
      if (started) {
        chunkEnd();
      }
      started = true;
      chunkLeft = chunkSize();
      if (chunkLeft == 0) {
        trailers();
        done = true;
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, chunkLeft));
    if (n < 0) {
      throw new EOFException("answer ended inside a chunk");
    }
    chunkLeft -= n;
    return n;
  }

  private void chunkEnd() throws IOException {
    int cr = in.read();
    int lf = cr == '\r' ? in.read() : cr;
    if (lf < 0) {
      throw new EOFException("answer ended after a chunk");
    }
    if (lf != '\n') {
      throw new ProtocolException("chunk in the answer is longer than its size line says");
    }
  }

  private long chunkSize() throws IOException {
    String line = lines(Http1Response.MAX_LINE).line("chunk size line");
    int end = line.indexOf(';');
    String hex = (end < 0 ? line : line.substring(0, end)).strip();
    if (hex.isEmpty() || hex.length() > 15) {
      throw new ProtocolException("malformed chunk size line in the answer");
    }
    long size = 0;
    for (int i = 0; i < hex.length(); i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        throw new ProtocolException("malformed chunk size line in the answer");
      }
      size = size * 16 + digit;
    }
    return size;
  }

  private void trailers() throws IOException {
    Http1Response.LineReader lines = lines(Http1Response.MAX_HEAD);
    for (int n = 0; !lines.line("trailer").isEmpty(); n++) {
      if (n == Http1Response.MAX_HEADERS) {
        throw new ProtocolException(
            "answer has more than " + Http1Response.MAX_HEADERS + " trailer lines");
      }
    }
  }

  private Http1Response.LineReader lines(int budget) {
    return new Http1Response.LineReader(in, budget + 2);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
