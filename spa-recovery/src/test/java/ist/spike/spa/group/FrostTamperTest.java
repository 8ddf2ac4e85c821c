package ist.spike.spa.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ist.spike.frost.Aggregator;
import ist.spike.frost.DealerOutput;
import ist.spike.frost.FrostException;
import ist.spike.frost.Identifier;
import ist.spike.frost.IncorrectCommitmentException;
import ist.spike.frost.InvalidSignatureShareException;
import ist.spike.frost.KeyPackage;
import ist.spike.frost.Round1;
import ist.spike.frost.Round1Result;
import ist.spike.frost.Round2;
import ist.spike.frost.SignatureShare;
import ist.spike.frost.SigningCommitments;
import ist.spike.frost.SigningPackage;
import ist.spike.frost.TrustedDealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every byte of a commitment or a signature share, flipped, is caught with a named error: the
 * signer refuses a package with a changed own commitment, and the aggregator names the signer whose
 * share changed. A wrong signature is never produced.
 */
class FrostTamperTest {
  private final SecureRandom random = new SecureRandom();
  private final byte[] message = "receipt content hash".getBytes(StandardCharsets.UTF_8);

  @Test
  void aggregate_everyByteOfSignatureShareFlipped_namesTheSigner() throws Exception {
    try (DealerOutput d = TrustedDealer.generate(3, 2, random)) {
      KeyPackage device = d.keyPackages().get(0);
      KeyPackage code = d.keyPackages().get(2);
      Round1Result r1 = Round1.commit(device, random);
      Round1Result r3 = Round1.commit(code, random);
      SigningPackage pkg =
          new SigningPackage(
              new TreeMap<>(
                  Map.of(
                      device.identifier(), r1.commitments(), code.identifier(), r3.commitments())),
              message);
      SignatureShare z1 = Round2.sign(pkg, r1.nonces(), device);
      SignatureShare z3 = Round2.sign(pkg, r3.nonces(), code);
      byte[] good = z3.toBytes();
      for (int i = 0; i < good.length; i++) {
        for (int bit : new int[] {0, 7}) {
          byte[] bad = good.clone();
          bad[i] ^= (byte) (1 << bit);
          Throwable t =
              catchThrowable(
                  () ->
                      Aggregator.aggregate(
                          pkg,
                          Map.of(
                              device.identifier(),
                              z1,
                              code.identifier(),
                              SignatureShare.fromBytes(bad)),
                          d.publicKeyPackage()));
          assertThat(t).as("byte %d bit %d", i, bit).isInstanceOf(FrostException.class);
          if (t instanceof InvalidSignatureShareException e) {
            assertThat(e.culprits()).containsExactly(Identifier.of(3));
          }
        }
      }
    }
  }

  @Test
  void sign_everyByteOfOwnCommitmentFlipped_refusedWithNamedError() throws Exception {
    try (DealerOutput d = TrustedDealer.generate(3, 2, random)) {
      KeyPackage device = d.keyPackages().get(0);
      KeyPackage cloud = d.keyPackages().get(1);
      Round1Result r2 = Round1.commit(cloud, random);
      int length = Round1.commit(device, random).commitments().toBytes().length;
      int incorrect = 0;
      for (int i = 0; i < length; i++) {
        Round1Result r1 = Round1.commit(device, random);
        try (var nonces = r1.nonces()) {
          byte[] mine = r1.commitments().toBytes();
          mine[i] ^= 0x01;
          Throwable t =
              catchThrowable(
                  () -> {
                    SigningCommitments tampered = SigningCommitments.fromBytes(mine);
                    SigningPackage pkg =
                        new SigningPackage(
                            new TreeMap<>(
                                Map.of(
                                    device.identifier(),
                                    tampered,
                                    cloud.identifier(),
                                    r2.commitments())),
                            message);
                    Round2.sign(pkg, nonces, device);
                  });
          assertThat(t).as("byte %d", i).isInstanceOf(FrostException.class);
          if (t instanceof IncorrectCommitmentException) {
            incorrect++;
          }
        }
      }
      assertThat(incorrect).isPositive();
    }
  }
}
