package ist.spike.spa.cli;

import static java.util.Objects.requireNonNull;

import ist.spike.spa.vault.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces several files of a user directory together (shares, group.json, receipts), so that a
 * crash never leaves new shares next to an old public key package.
 *
 * <p>Every new file is first written as {@code NAME.new}; then a marker {@code update.commit}
 * listing the names is written; then each {@code NAME.new} is renamed over {@code NAME} and the
 * marker removed. {@link #recover} (run at the start of every command, under the user lock) rolls a
 * committed update forward and discards an uncommitted one.
 */
final class StagedUpdate {
  static final String MARKER = "update.commit";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{0,40}");

  private final Path dir;
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  StagedUpdate(Path dir) {
    this.dir = requireNonNull(dir, "dir");
  }

  StagedUpdate put(String name, byte[] content) {
    if (!NAME.matcher(name).matches() || name.endsWith(".new") || name.equals(MARKER)) {
      throw new IllegalArgumentException("bad staged file name " + name);
    }
    files.put(name, content.clone());
    return this;
  }

  void commit() throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      SecureFiles.write(dir.resolve(e.getKey() + ".new"), e.getValue());
    }
    SecureFiles.write(
        dir.resolve(MARKER), String.join("\n", files.keySet()).getBytes(StandardCharsets.US_ASCII));
    rollForward(dir);
  }

  /** Finishes a committed update or discards an uncommitted one. */
  static void recover(Path dir) throws IOException {
    if (Files.exists(dir.resolve(MARKER))) {
      rollForward(dir);
      return;
    }
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "*.new")) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void rollForward(Path dir) throws IOException {
    Path marker = dir.resolve(MARKER);
    List<String> names = List.of(Files.readString(marker, StandardCharsets.US_ASCII).split("\n"));
    for (String name : names) {
      if (!NAME.matcher(name).matches()) {
        throw new IOException(marker + " is damaged; restore the user directory from a backup");
      }
      Path staged = dir.resolve(name + ".new");
      if (Files.exists(staged)) {
        Files.move(
            staged,
            dir.resolve(name),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.delete(marker);
  }
}
