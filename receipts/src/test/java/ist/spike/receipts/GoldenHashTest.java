package ist.spike.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the two golden content hashes of spa-frost.md §1.6, read from the spec at test time.
 */
class GoldenHashTest {
  private static final Pattern FIRST =
      Pattern.compile("`(\\{\"kind\":\"recovery_initiation\".*?\\})` → `([0-9a-f]{64})`");
  private static final Pattern SECOND = Pattern.compile("It hashes to `([0-9a-f]{64})`");

  private static String spec;

  @BeforeAll
  static void readSpec() throws Exception {
    String repo = System.getProperty("spike.repo.dir", "..");
    Path path = Path.of(repo).resolve("../shared/spec/spa-frost.md").normalize();
    if (!Files.isReadable(path)) {
      String message = "spa-frost.md not found at " + path;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    spec = Files.readString(path);
  }

  @Test
  void contentHash_specGoldenReceipts_matchesBothHashes() throws Exception {
    Matcher first = FIRST.matcher(spec);
    assertThat(first.find()).as("first golden receipt in spec").isTrue();
    Matcher second = SECOND.matcher(spec);
    assertThat(second.find()).as("second golden hash in spec").isTrue();

    ObjectNode golden = (ObjectNode) new ObjectMapper().readTree(first.group(1));
    Receipt anchor =
        Receipt.unsigned(
            ReceiptKind.RECOVERY_INITIATION,
            golden.get("subject").textValue(),
            golden.get("timestamp").longValue(),
            golden.get("payload"),
            Optional.empty());
    assertThat(anchor.contentJson()).isEqualTo(first.group(1));
    assertThat(anchor.contentHash().toHex()).isEqualTo(first.group(2));

    Receipt next =
        Receipt.unsigned(
            ReceiptKind.RECOVERY_FACTOR_ASSERTION,
            anchor.subject(),
            anchor.timestamp() + 1,
            Chains.obj(),
            Optional.of(anchor.contentHash()));
    assertThat(next.contentHash().toHex()).isEqualTo(second.group(1));
  }

  @Test
  void contentHash_signatureChanges_hashUnchanged() throws Exception {
    Receipt r = Receipt.unsigned(ReceiptKind.ONBOARDING, "s", 1, Chains.obj(), Optional.empty());
    Receipt signed = r.withSignature(new byte[64]);
    assertThat(signed.contentHash()).isEqualTo(r.contentHash());
  }
}
