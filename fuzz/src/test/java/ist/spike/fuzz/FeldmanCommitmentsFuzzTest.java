package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;

/**
 * Feldman commitments as a Keeper receives them in a contribute body and Nexus reads them from its
 * store (ADR-0161): any bytes either parse into points on P-256 that encode back to the same bytes,
 * or fail with {@link InvalidCommitmentsException}; nothing else escapes.
 */
class FeldmanCommitmentsFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void fromBytes_anyBytes_pointsThatRoundTripOrInvalid(byte[] bytes) {
    FeldmanCommitments commitments;
    try {
      commitments = FeldmanCommitments.fromBytes(bytes);
    } catch (InvalidCommitmentsException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(commitments.toBytes()).isEqualTo(bytes);
    try {
      assertThat(FeldmanCommitments.fromHex(commitments.toHex())).isEqualTo(commitments);
    } catch (InvalidCommitmentsException e) {
      throw new AssertionError("encoded commitments must parse again", e);
    }
  }
}
