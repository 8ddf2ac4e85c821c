package ist.spike.spa.cloud;

import static java.util.Objects.requireNonNull;

import ist.spike.spa.vault.WrappingKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The offline stub: the cloud wrapping key is a file ({@code cloud-kms.key}, 0600) next to the
 * shares, standing in for a cloud KMS. It anchors nothing, so truncation stays undetectable.
 */
public final class FileCloud implements CloudFactor {
  private final Path keyFile;

  /**
   * @param keyFile the key file; not null
   */
  public FileCloud(Path keyFile) {
    this.keyFile = requireNonNull(keyFile, "keyFile");
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public WrappingKey create(SecureRandom random) throws IOException {
    Files.deleteIfExists(keyFile);
    return WrappingKey.create(keyFile, random);
  }

  @Override
  public WrappingKey open() throws IOException {
    return WrappingKey.read(keyFile);
  }

  @Override
  public void recordHead(ChainHead head) {
    requireNonNull(head, "head");
  }

  @Override
  public Optional<ChainHead> head() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
