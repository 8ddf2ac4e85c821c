package ist.spike.dist.e2e;

import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Looks into a running stack from the test: Keepers (as Nexus) and raw Nexus requests. */
final class StackProbes implements AutoCloseable {
  private final X509SvidSource nexusIdentity;
  private final X509SvidSource restoreIdentity;
  private final X509SvidSource superuser;
  private final KeeperClient keepers;
  private final HttpClient restoreHttp;
  private final HttpClient superuserHttp;

  StackProbes(Path stackDir) {
    DevTrustDomain td = DevTrustDomain.create(stackDir.resolve("trust"));
    nexusIdentity = td.sourceFor(SpikeRole.NEXUS);
    restoreIdentity = td.sourceFor(SpikeRole.PILOT_RESTORE);
    superuser = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    keepers =
        KeeperClient.create(
            nexusIdentity, td.roles().verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(10));
    restoreHttp = http(restoreIdentity, td);
    superuserHttp = http(superuser, td);
  }

  private static HttpClient http(X509SvidSource source, DevTrustDomain td) {
    return MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
  }

  /** The shard a Keeper holds, empty if none or unreachable. */
  Optional<Shard> keeperShard(URI keeper, int position) {
    try {
      return keepers.fetchShard(keeper, position).map(KeeperClient.Held::shard);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** POSTs a raw body to restore with the restore role; returns the status, -1 if unreachable. */
  int rawRestore(URI nexus, byte[] body) {
    try {
      return restoreHttp
          .send(
              HttpRequest.newBuilder(nexus.resolve("/v1/operator/restore"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** GET /readyz status, -1 if unreachable. */
  int readyz(URI nexus) {
    try {
      return superuserHttp
          .send(
              HttpRequest.newBuilder(nexus.resolve("/readyz"))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Every line of every log file under {@code dir/logs}. */
  static String allLogs(Path stackDir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(stackDir.resolve("logs"))) {
      List<Path> list = new ArrayList<>(files.toList());
      for (Path f : list) {
        sb.append(Files.readString(f)).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    keepers.close();
    restoreHttp.close();
    superuserHttp.close();
    nexusIdentity.close();
    restoreIdentity.close();
    superuser.close();
  }
}
