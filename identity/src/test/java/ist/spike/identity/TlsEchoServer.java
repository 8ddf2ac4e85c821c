package ist.spike.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A TLS server on 127.0.0.1 that requires client certificates and answers "hello <peer id>". */
public final class TlsEchoServer implements AutoCloseable {
  /** What the server saw for one connection: the peer's ID or the failure. */
  record Outcome(String peer, Exception failure) {}

  private final SSLServerSocket socket;
  private final Thread acceptor;
  final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

  public TlsEchoServer(SSLContext context) throws IOException {
    socket =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    socket.setNeedClientAuth(true);
    socket.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(new String[0]));
    acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        SSLSocket s = (SSLSocket) socket.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(SSLSocket s) {
    try (s) {
      s.setSoTimeout(1500);
      SpiffeTls.prepareServerSocket(s);
      s.startHandshake();
      X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
      String peer = SpiffeCertificates.spiffeIdOf(leaf).toString();
      outcomes.add(new Outcome(peer, null));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
      out.println("hello " + peer + " " + line);
    } catch (Exception e) {
      outcomes.add(new Outcome(null, e));
    }
  }

  /** Connects, sends "ping", returns the answer line and the server's SPIFFE ID. */
  public static String[] call(SSLContext client, int port) throws IOException {
    try (SSLSocket s =
        (SSLSocket)
            client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(new String[0]));
      s.startHandshake();
      X509Certificate serverLeaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
      PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
      out.println("ping");
      String line =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (line == null) {
        throw new IOException("connection closed by server");
      }
      String serverId;
      try {
        serverId = SpiffeCertificates.spiffeIdOf(serverLeaf).toString();
      } catch (java.security.cert.CertificateException e) {
        throw new IOException(e);
      }
      return new String[] {
        line, serverId, s.getSession().getProtocol(), serverLeaf.getSerialNumber().toString(16)
      };
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
