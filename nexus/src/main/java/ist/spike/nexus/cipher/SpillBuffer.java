package ist.spike.nexus.cipher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Collects output in memory up to a threshold and beyond it in a private temporary file (0600,
 * deleted on close), so a large response can be produced before it is sent without memory growing
 * with its size. Only ever used for ciphertext, never for plaintext.
 */
public final class SpillBuffer extends OutputStream {
  private final int threshold;
  private final Path tempDir;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream();
  private Path file;
  private OutputStream fileOut;
  private long size;

  /**
   * Creates the buffer.
   *
   * @param threshold bytes kept in memory before spilling to a file
   * @param tempDir where the temporary file goes
   */
  public SpillBuffer(int threshold, Path tempDir) {
    this.threshold = threshold;
    this.tempDir = tempDir;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOut == null && memory.size() + len > threshold) {
      file =
          Files.createTempFile(
              tempDir,
              "spike-cipher-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      fileOut = Files.newOutputStream(file, StandardOpenOption.WRITE);
      memory.writeTo(fileOut);
      memory = null;
    }
    if (fileOut != null) {
      fileOut.write(b, off, len);
    } else {
      memory.write(b, off, len);
    }
    size += len;
  }

  /** Returns the number of bytes written. */
  public long size() {
    return size;
  }

  /** Returns true if the content went to a temporary file. */
  public boolean spilled() {
    return file != null;
  }

  /**
   * Copies everything written to {@code out}.
   *
   * @param out the destination; not closed
   * @throws IOException if reading the spill file or writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    if (fileOut == null) {
      memory.writeTo(out);
      return;
    }
    fileOut.flush();
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
    }
  }

  /** Discards the content and deletes the temporary file. */
  @Override
  public void close() throws IOException {
    if (fileOut != null) {
      fileOut.close();
      Files.deleteIfExists(file);
      fileOut = null;
    } else if (memory != null) {
      // ByteArrayOutputStream has no way to wipe its buffer; drop the reference
      memory.reset();
      memory = null;
    }
  }

  @Override
  public String toString() {
    return "SpillBuffer[" + size + " bytes" + (spilled() ? ", spilled" : "") + "]";
  }
}
