package ist.spike.dist.stack;

import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks Nexus's {@code GET /readyz} over mTLS with the development superuser SVID. */
public final class ReadyzProbe implements NexusProbe, AutoCloseable {
  private final X509SvidSource source;
  private final HttpClient http;

  /**
   * @param trustDomain the development trust domain
   */
  public ReadyzProbe(DevTrustDomain trustDomain) {
    this.source = trustDomain.sourceFor(SpikeRole.PILOT_SUPERUSER);
    this.http =
        HttpClient.newBuilder()
            .sslContext(
                SpiffeTls.sslContext(source, trustDomain.roles().verifierFor(SpikeRole.NEXUS)))
            .sslParameters(SpiffeTls.sslParameters())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  @Override
  public boolean isReady(URI nexus) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(nexus.resolve("/readyz"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    http.close();
    source.close();
  }
}
