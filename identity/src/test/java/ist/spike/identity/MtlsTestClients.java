package ist.spike.identity;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * JDK {@link HttpClient}s over SPIFFE mTLS for tests that call a SPIKE server directly (raw bodies
 * and statuses). Shared through this module's test-jar by the keeper, nexus and dist tests.
 */
public final class MtlsTestClients {
  private MtlsTestClients() {}

  /**
   * Returns an HTTP/1.1 client presenting {@code source}'s SVID and accepting only servers that
   * {@code serverVerifier} accepts; the caller closes it (and the source).
   */
  public static HttpClient http(X509SvidSource source, SpiffeIdVerifier serverVerifier) {
    return HttpClient.newBuilder()
        .sslContext(SpiffeTls.sslContext(source, serverVerifier))
        .sslParameters(SpiffeTls.sslParameters())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
