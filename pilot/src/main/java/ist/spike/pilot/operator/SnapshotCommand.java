package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.pilot.ApiErrors;
import ist.spike.pilot.Calls;
import ist.spike.pilot.PilotContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spike operator snapshot --out FILE} and {@code spike operator snapshot restore FILE}
 * (ADR-0150). Both need the superuser SVID.
 */
@Command(
    name = "snapshot",
    description = {
      "Write a consistent, still-encrypted snapshot of Nexus's data to a file (0600).",
      "Keep it apart from the recovery files: together they give every secret."
    },
    mixinStandardHelpOptions = true)
final class SnapshotCommand implements Callable<Integer> {
  static final String NOT_FOUND = "Error: Resource not found.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MANIFEST_BYTES = 64 << 10;

  private final PilotContext ctx;

  @Option(
      names = "--out",
      paramLabel = "<file>",
      description = "Where to write the snapshot (must not exist).")
  Path out;

  SnapshotCommand(PilotContext ctx) {
    this.ctx = requireNonNull(ctx, "ctx");
  }

  @Override
  public Integer call() {
    if (out == null) {
      return ApiErrors.invalid(
          ctx.err(),
          "Error: give the file to write with --out FILE (or use: snapshot restore FILE)");
    }
    if (Files.exists(out)) {
      return ApiErrors.invalid(ctx.err(), "Error: " + out + " exists; choose a new file");
    }
    Path dir = out.toAbsolutePath().getParent();
    return Calls.withClient(
        ctx,
        NOT_FOUND,
        client -> {
          Path tmp =
              Files.createTempFile(
                  dir,
                  ".snapshot",
                  ".part",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
              client.snapshots().take(os);
            }
            JsonNode manifest = readManifest(tmp);
            move(tmp, out);
            ctx.out()
                .println(
                    "Snapshot written: "
                        + counts(manifest)
                        + ", taken at "
                        + manifest.path("takenAt").asText());
            ctx.out()
                .println(
                    "  sha256 "
                        + manifest.path("sha256").asText()
                        + "  key-check "
                        + manifest.path("keyCheck").asText());
            return 0;
          } finally {
            Files.deleteIfExists(tmp);
          }
        });
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static String counts(JsonNode manifest) {
    return manifest.path("secrets").asLong()
        + " secrets, "
        + manifest.path("versions").asLong()
        + " versions, "
        + manifest.path("policies").asLong()
        + " policies";
  }

  /** Reads the manifest from the end of a snapshot file: its JSON, then its length (4 bytes). */
  static JsonNode readManifest(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      if (size < 8) {
        throw new IOException("the snapshot file is truncated");
      }
      f.seek(size - 4);
      int length = f.readInt();
      if (length < 2 || length > MAX_MANIFEST_BYTES || length > size - 4) {
        throw new IOException("the snapshot file has no readable manifest");
      }
      byte[] json = new byte[length];
      f.seek(size - 4 - length);
      f.readFully(json);
      return JSON.readTree(new String(json, StandardCharsets.UTF_8));
    }
  }

  /** {@code spike operator snapshot restore FILE}. */
  @Command(
      name = "restore",
      description = {
        "Restore a snapshot into the empty store of a Nexus that holds the snapshot's root key.",
        "Nothing is written unless every row verifies."
      },
      mixinStandardHelpOptions = true)
  static final class Restore implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<file>", description = "The snapshot file.")
    Path file;

    Restore(PilotContext ctx) {
      this.ctx = requireNonNull(ctx, "ctx");
    }

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        return ApiErrors.invalid(ctx.err(), "Error: " + file + " is not a file");
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            Map<String, Object> manifest;
            try (InputStream in = Files.newInputStream(file)) {
              manifest = client.snapshots().restore(in, Files.size(file));
            }
            JsonNode m = JSON.valueToTree(manifest);
            ctx.out()
                .println(
                    "Snapshot restored: " + counts(m) + ", taken at " + m.path("takenAt").asText());
            return 0;
          });
    }
  }
}
