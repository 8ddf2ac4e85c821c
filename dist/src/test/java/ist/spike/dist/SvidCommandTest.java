package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.FileSvidSource;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SvidCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs spike-dev with --new-ca (these tests start from an empty CA directory). */
  private int run(String... args) {
    String[] withNewCa = java.util.Arrays.copyOf(args, args.length + 1);
    withNewCa[args.length] = "--new-ca";
    return runAsIs(withNewCa);
  }

  private int runAsIs(String... args) {
    CommandLine cli = new CommandLine(new DevMain());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private X509Certificate leaf(Path svidDir) throws Exception {
    byte[] pem = Files.readAllBytes(svidDir.resolve(FileSvidSource.SVID_FILE));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  @Test
  void svid_validId_writesSvidWithOnlyTheUriSan() throws Exception {
    Path svidDir = dir.resolve("demo");

    int status =
        run(
            "svid",
            "spiffe://spike.ist/app/demo",
            "--out",
            svidDir.toString(),
            "--ca-dir",
            dir.resolve("ca").toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote SVID for spiffe://spike.ist/app/demo");
    X509Certificate cert = leaf(svidDir);
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://spike.ist/app/demo"));
    assertThat(cert.getSubjectX500Principal().getName()).isEmpty();
    assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(svidDir.resolve(FileSvidSource.KEY_FILE))))
        .isEqualTo("rw-------");
    try (FileSvidSource source = FileSvidSource.open(svidDir)) {
      assertThat(source.svid().spiffeId()).hasToString("spiffe://spike.ist/app/demo");
    }
  }

  @Test
  void svid_opensslText_showsUriSanAndNoOtherName() throws Exception {
    Path svidDir = dir.resolve("demo");
    assertThat(
            run(
                "svid",
                "spiffe://spike.ist/app/demo",
                "--out",
                svidDir.toString(),
                "--ca-dir",
                dir.resolve("ca").toString()))
        .isZero();
    Path openssl = Path.of("/usr/bin/openssl");
    Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl not installed");

    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "x509",
                "-noout",
                "-text",
                "-in",
                svidDir.resolve(FileSvidSource.SVID_FILE).toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("URI:spiffe://spike.ist/app/demo");
    assertThat(text)
        .doesNotContain("DNS:")
        .doesNotContain("IP Address:")
        .doesNotContain("email:")
        .doesNotContain("DirName:");
    assertThat(text).containsPattern("Subject: *\\n");
    assertThat(text).doesNotContainPattern("Subject:.*CN");
  }

  @Test
  void svid_ttl_appliesGoDuration() throws Exception {
    Path svidDir = dir.resolve("short");
    assertThat(
            run(
                "svid",
                "spiffe://spike.ist/spike/keeper",
                "--out",
                svidDir.toString(),
                "--ca-dir",
                dir.resolve("ca").toString(),
                "--ttl",
                "90m"))
        .isZero();

    assertThat(Duration.between(Instant.now(), leaf(svidDir).getNotAfter().toInstant()))
        .isBetween(Duration.ofMinutes(88), Duration.ofMinutes(90));
  }

  @Test
  void svid_invalidId_usageErrorAndNothingWritten() {
    int status =
        run(
            "svid",
            "spiffe://spike.ist/bad id",
            "--out",
            dir.resolve("x").toString(),
            "--ca-dir",
            dir.resolve("ca").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("invalid SPIFFE ID");
    assertThat(dir.resolve("x")).doesNotExist();
    assertThat(dir.resolve("ca")).doesNotExist();
  }

  @Test
  void svid_badTtl_usageError() {
    int status =
        run(
            "svid",
            "spiffe://spike.ist/app",
            "--out",
            dir.resolve("x").toString(),
            "--ttl",
            "1 day");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--ttl").contains("10s");
  }

  @Test
  void svid_caOfOtherTrustDomain_errorNamesBoth() {
    Path ca = dir.resolve("ca");
    assertThat(
            run(
                "svid",
                "spiffe://spike.ist/app",
                "--out",
                dir.resolve("a").toString(),
                "--ca-dir",
                ca.toString()))
        .isZero();

    int status =
        run(
            "svid",
            "spiffe://other.example/app",
            "--out",
            dir.resolve("b").toString(),
            "--ca-dir",
            ca.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("spike.ist").contains("other.example");
  }

  @Test
  void svid_withoutCa_refusesUnlessNewCaAndWritesNothing() {
    Path svidDir = dir.resolve("demo");
    int status =
        runAsIs(
            "svid",
            "spiffe://spike.ist/app/demo",
            "--out",
            svidDir.toString(),
            "--dir",
            dir.resolve("no-stack").toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains("no development CA in " + dir.resolve("no-stack/trust/ca"))
        .contains("--new-ca")
        .contains(". DIR/env");
    assertThat(svidDir).doesNotExist();
    assertThat(dir.resolve("no-stack")).doesNotExist();
  }

  @Test
  void svid_dir_usesTheStacksCa() throws Exception {
    Path stack = dir.resolve("stack");
    ist.spike.identity.dev.DevTrustDomain td =
        ist.spike.identity.dev.DevTrustDomain.create(stack.resolve("trust"));
    Path svidDir = dir.resolve("demo");
    int status =
        runAsIs(
            "svid",
            "spiffe://spike.ist/app/demo",
            "--out",
            svidDir.toString(),
            "--dir",
            stack.toString());
    assertThat(status).as(err.toString()).isZero();
    leaf(svidDir).verify(td.ca().certificate().getPublicKey()); // signed by the stack's CA
  }
}
