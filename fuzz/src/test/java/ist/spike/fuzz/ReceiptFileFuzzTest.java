package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptFormatException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Receipt files (one canonical JSON receipt per line) as the stateless verifier reads them: a line
 * either parses into a receipt whose canonical form is exactly that line, or is refused with {@link
 * ReceiptFormatException}; a whole file always yields a report, valid or naming the first failure.
 */
class ReceiptFileFuzzTest {
  private static final GroupPublicKey GROUP = groupKey();

  @FuzzTest(maxDuration = "20s")
  void verifyFile_anyBytes_reportOrFormatError(byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    for (String line : lines) {
      try {
        Receipt receipt = Receipt.parse(line);
        assertThat(receipt.toJson()).as("a parsed receipt is canonical").isEqualTo(line);
      } catch (ReceiptFormatException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
    ChainReport report = ChainVerifier.verifyJson(lines, GROUP);
    assertThat(report).isNotNull();
    if (!lines.isEmpty()) {
      // Nobody holds the group's signing shares here: no fuzzed chain can be valid.
      assertThat(report.isValid()).as("a forged chain is refused").isFalse();
    }
  }

  private static GroupPublicKey groupKey() {
    try {
      return GroupPublicKey.fromJdk(
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
