package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shard;

/** Recovery lines ({@code spike:<i>:<hex>}) as read from shard files and terminals. */
class RecoveryLineFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parse_anyBytes_shardOrInvalidShard(byte[] line) {
    Shard shard;
    try {
      shard = RecoveryLine.parse(line);
    } catch (InvalidShardException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContainIgnoringCase(hexOf(line));
      return;
    }
    try (shard) {
      byte[] formatted = RecoveryLine.format(shard, InsecureSecretAccess.get());
      try (Shard again = RecoveryLine.parse(formatted)) {
        assertThat(again.index()).isEqualTo(shard.index());
        assertThat(again.equalsSecret(shard)).isTrue();
      } catch (InvalidShardException e) {
        throw new AssertionError("a formatted shard must parse again", e);
      }
    }
  }

  /** The longest run of hex characters in the input, which an error message must not echo. */
  private static String hexOf(byte[] line) {
    String s = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
    String best = "";
    for (String part : s.split("[^0-9a-fA-F]+")) {
      if (part.length() > best.length()) {
        best = part;
      }
    }
    return best.length() >= 16 ? best : "\u0000no-hex\u0000";
  }
}
