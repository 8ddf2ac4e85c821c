package ist.spike.bench.stack;

import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.X509SvidSource;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

/** HTTP clients that present an SVID, as SPIKE's clients do (HTTP/1.1 over mTLS, pooled). */
public final class Mtls {
  private Mtls() {}

  /**
   * A client presenting {@code source}'s SVID and accepting servers {@code server} accepts.
   *
   * @param source our SVID and trust bundle
   * @param server which server identities to accept
   * @return the client; its connections are kept alive and reused
   */
  public static HttpClient client(X509SvidSource source, SpiffeIdVerifier server) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(SpiffeTls.sslContext(source, server))
        .sslParameters(SpiffeTls.sslParameters())
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }
}
