package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spike-dev --ttl 20s} keeps serving for 100 seconds (five lifetimes, ten renewals): the
 * stack renews every SVID before half its lifetime and every component picks the new files up
 * without a restart.
 */
class DevStackSvidRenewalProcessTest {
  @TempDir Path dir;

  private Instant notAfter(Path svidDir) throws Exception {
    byte[] pem = Files.readAllBytes(svidDir.resolve("svid.pem"));
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
    return cert.getNotAfter().toInstant();
  }

  @Test
  void shortTtl_stackKeepsServingForFiveLifetimes() throws Exception {
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    DevStackProcess stack = DevStackProcess.start(dir, output, "--ttl", "20s");
    Process devMain = stack.process();
    try {
      Map<String, String> env = Pilot.envFile(dir.resolve("env"));
      Path pilotSvid = Path.of(env.get("SPIKE_SVID_DIR"));
      Instant firstNotAfter = notAfter(pilotSvid);
      assertThat(firstNotAfter).isBefore(Instant.now().plusSeconds(21));
      Pilot.Result put = Pilot.run(env, null, "", "secret", "put", "secrets/ttl", "v=0");
      assertThat(put.code()).as(put.err()).isZero();

      Instant end = Instant.now().plus(Duration.ofSeconds(100));
      int round = 0;
      boolean nexusKilled = false;
      while (Instant.now().isBefore(end)) {
        round++;
        Pilot.Result w = Pilot.run(env, null, "", "secret", "put", "secrets/ttl", "v=" + round);
        assertThat(w.code()).as("round %d: %s", round, w.err()).isZero();
        Pilot.Result r = Pilot.run(env, null, "", "secret", "get", "secrets/ttl", "v");
        assertThat(r.out().trim())
            .as("round %d: %s", round, r.err())
            .isEqualTo(Integer.toString(round));
        if (!nexusKilled && Instant.now().isAfter(end.minus(Duration.ofSeconds(45)))) {
          // Nexus, restarted long after the first SVIDs expired, must get the root key back from
          // the Keepers: every component's SVID is valid
          long pid = Long.parseLong(Files.readString(dir.resolve("run/nexus.pid")).trim());
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          nexusKilled = true;
          URI nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> Pilot.run(env, null, "", "secret", "get", "secrets/ttl", "v").code() == 0);
          assertThat(nexus).isNotNull();
        }
        Thread.sleep(5_000);
      }
      assertThat(nexusKilled).isTrue();
      assertThat(notAfter(pilotSvid)).isAfter(firstNotAfter.plusSeconds(60));
      assertThat(output).noneMatch(l -> l.contains("cannot renew"));
    } finally {
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }
}
