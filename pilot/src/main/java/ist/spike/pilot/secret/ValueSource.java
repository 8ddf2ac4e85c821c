package ist.spike.pilot.secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a secret value from a file ({@code key=@FILE}) or standard input ({@code key=-}), as Vault
 * does: the bytes as they are (UTF-8 text), at most a limit, never more.
 */
final class ValueSource {
  /** The value is larger than the limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(int limit) {
      super("value larger than " + limit + " bytes");
    }
  }

  private ValueSource() {}

  static String read(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, limit);
    }
  }

  static String read(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    try {
      if (bytes.length > limit) {
        throw new TooLargeException(limit);
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("not UTF-8 text (secret values are text; base64-encode binary data)");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
