package ist.spike.dist;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.IdentityConfigException;
import ist.spike.identity.InvalidSpiffeIdException;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.X509Svid;
import ist.spike.identity.config.GoDuration;
import ist.spike.identity.dev.DevCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spike-dev svid SPIFFE_ID --out DIR}: mints an X.509-SVID from the development CA (created
 * on first use) and writes svid.pem, svid_key.pem and bundle.pem into DIR, usable as {@code
 * SPIKE_SVID_DIR}.
 */
@Command(
    name = "svid",
    description = {
      "Mint a development X.509-SVID for SPIFFE_ID and write svid.pem (chain), svid_key.pem"
          + " (PKCS#8 key, 0600) and bundle.pem (CA) into --out; point SPIKE_SVID_DIR at it.",
      "The CA is the running stack's: --ca-dir, else DIR/trust/ca for --dir DIR, else"
          + " $SPIKE_DEV_DIR/trust/ca (set by `. DIR/env`), else ./.spike-dev/trust/ca. A new CA"
          + " (EC P-256), whose SVIDs no running stack accepts, is created only with --new-ca."
          + " The certificate's only name is the SPIFFE URI SAN."
    },
    mixinStandardHelpOptions = true)
final class SvidCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SPIFFE_ID",
      description = "for example spiffe://spike.ist/spike/nexus")
  String spiffeId;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "output directory (created with 0700)")
  Path out;

  @Option(names = "--ca-dir", paramLabel = "DIR", description = "development CA directory")
  Path caDir;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "the stack directory of a spike-dev (its CA is DIR/trust/ca)")
  Path stackDir;

  @Option(names = "--new-ca", description = "create the CA if it does not exist")
  boolean newCa;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description = "SVID lifetime as a Go duration (default ${DEFAULT-VALUE})")
  String ttl;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    SpiffeId id;
    try {
      id = SpiffeId.parse(spiffeId);
    } catch (InvalidSpiffeIdException e) {
      err.println("error: invalid SPIFFE ID: " + e.getMessage());
      return 2;
    }
    Duration lifetime;
    try {
      lifetime = GoDuration.parse(ttl);
    } catch (IllegalArgumentException e) {
      err.println("error: --ttl: " + e.getMessage());
      return 2;
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      err.println("error: --ttl must be positive, got " + ttl);
      return 2;
    }
    Path ca = caDir != null ? caDir : defaultCaDir(stackDir);
    if (!newCa && !Files.exists(ca.resolve(DevCa.CA_CERT_FILE))) {
      err.println(
          "error: no development CA in "
              + ca.toAbsolutePath().normalize()
              + "; run `. DIR/env` of the running spike-dev first or pass --dir DIR (a new CA's"
              + " SVIDs are rejected by the stack), or add --new-ca to create one");
      return 1;
    }
    try {
      DevCa authority = DevCa.loadOrCreate(ca, id.trustDomain());
      X509Svid svid = authority.writeSvid(id, lifetime, out);
      spec.commandLine()
          .getOut()
          .printf(
              "wrote SVID for %s (expires %s) to %s: %s, %s, %s%n",
              id,
              svid.expiresAt(),
              out.toAbsolutePath().normalize(),
              FileSvidSource.SVID_FILE,
              FileSvidSource.KEY_FILE,
              FileSvidSource.BUNDLE_FILE);
      return 0;
    } catch (IdentityConfigException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: cannot write the SVID to " + out + ": " + e.getMessage());
      return 1;
    }
  }

  private static Path defaultCaDir(Path stackDir) {
    if (stackDir != null) {
      return stackDir.resolve("trust").resolve("ca");
    }
    String devDir = System.getenv("SPIKE_DEV_DIR");
    return devDir != null && !devDir.isBlank()
        ? Path.of(devDir).resolve("trust").resolve("ca")
        : Path.of(".spike-dev", "trust", "ca");
  }
}
