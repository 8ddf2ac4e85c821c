package ist.spike.faults.attack;

import ist.spike.identity.SpiffeTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Hand-made HTTP/1.1 over mTLS: what an attacker controls byte by byte. */
final class RawTls {
  private RawTls() {}

  /** Opens a TCP connection to 127.0.0.1:port, with no TLS. */
  static Socket tcp(int port, int timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Opens a TLS connection to 127.0.0.1:port and completes the handshake. */
  static SSLSocket tls(SSLContext context, int port, int timeoutMillis) throws IOException {
    Socket plain = tcp(port, timeoutMillis);
    try {
      SSLSocket s =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(plain, "127.0.0.1", port, /* autoClose */ true);
      s.setSSLParameters(SpiffeTls.sslParameters());
      s.startHandshake();
      return s;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  /** Request headers for a POST with the given extra header lines (each ending in CRLF). */
  static byte[] head(int port, String pathAndQuery, String extraHeaders) {
    return ("POST "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\n"
            + extraHeaders
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A complete POST with a JSON body. */
  static byte[] post(int port, String pathAndQuery, String json, boolean close) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        head(
            port,
            pathAndQuery,
            "Content-Length: " + body.length + "\r\n" + (close ? "Connection: close\r\n" : ""));
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  static void send(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads the status code of the response (the socket's timeout bounds the wait).
   *
   * @return the status, or -1 if the connection closed first
   */
  static int status(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    String text = line.toString(StandardCharsets.US_ASCII);
    if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
      return -1;
    }
    return Integer.parseInt(text.substring(9, 12));
  }
}
