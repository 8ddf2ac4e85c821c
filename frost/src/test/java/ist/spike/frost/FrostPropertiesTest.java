package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the whole protocol: any qualified subset signs, anything less or tampered fails.
 */
class FrostPropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 12)
  void sign_anyThresholdSubset_verifiesWithJdk(
      @ForAll @IntRange(min = 2, max = 4) int t,
      @ForAll @IntRange(min = 0, max = 2) int extra,
      @ForAll long seed,
      @ForAll @Size(max = 64) byte[] message)
      throws Exception {
    int n = t + extra;
    try (DealerOutput out = TrustedDealer.generate(n, t, RANDOM)) {
      List<KeyPackage> all = new ArrayList<>(out.keyPackages());
      Collections.shuffle(all, new Random(seed));
      int size = t + (int) Math.floorMod(seed, (long) (n - t + 1));
      List<KeyPackage> signers = all.subList(0, size);
      Signature sig = FrostSession.sign(message, signers, out.publicKeyPackage(), RANDOM);
      VerifyingKey key = out.publicKeyPackage().verifyingKey();
      assertThat(key.verify(message, sig.toBytes())).isTrue();
      byte[] other =
          (new String(message, StandardCharsets.ISO_8859_1) + "x")
              .getBytes(StandardCharsets.ISO_8859_1);
      assertThat(key.verify(other, sig.toBytes())).isFalse();
      byte[] flipped = sig.toBytes();
      flipped[(int) Math.floorMod(seed, 64L)] ^= 1;
      assertThat(key.verify(message, flipped)).isFalse();
    }
  }

  @Property(tries = 8)
  void sign_everyPairOf2of3_verifiesWithJdk(@ForAll @Size(max = 32) byte[] message)
      throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      List<KeyPackage> k = out.keyPackages();
      int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
      for (int[] p : pairs) {
        Signature sig =
            FrostSession.sign(
                message, List.of(k.get(p[0]), k.get(p[1])), out.publicKeyPackage(), RANDOM);
        assertThat(out.publicKeyPackage().verifyingKey().verify(message, sig.toBytes()))
            .as("pair %s", java.util.Arrays.toString(p))
            .isTrue();
      }
    }
  }

  @Property(tries = 5)
  void sign_fewerThanThreshold_throwsInsufficientSigners(@ForAll @IntRange(min = 2, max = 4) int t)
      throws Exception {
    try (DealerOutput out = TrustedDealer.generate(t + 1, t, RANDOM)) {
      List<KeyPackage> tooFew = out.keyPackages().subList(0, t - 1);
      Throwable thrown =
          catchThrowable(
              () -> FrostSession.sign(new byte[] {1}, tooFew, out.publicKeyPackage(), RANDOM));
      assertThat(thrown)
          .isInstanceOfSatisfying(
              InsufficientSignersException.class,
              e -> {
                assertThat(e.have()).isEqualTo(t - 1);
                assertThat(e.need()).isEqualTo(t);
              })
          .hasMessage("need " + t + " signers, have " + (t - 1));
    }
  }

  @Property(tries = 15)
  void tamper_anyBitOfCommitment_detectedAndNamesSigner(
      @ForAll @IntRange(min = 0, max = 68) int index, @ForAll @IntRange(min = 0, max = 7) int bit)
      throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage a = out.keyPackages().get(0);
      KeyPackage b = out.keyPackages().get(2);
      Round1Result ra = Round1.commit(a, RANDOM);
      Round1Result rb = Round1.commit(b, RANDOM);
      byte[] wire = rb.commitments().toBytes();
      wire[index] ^= (byte) (1 << bit);
      SigningCommitments tampered;
      try {
        tampered = SigningCommitments.fromBytes(wire);
      } catch (MalformedEncodingException | InvalidElementException e) {
        return; // rejected at the edge, with a named error
      }
      Map<Identifier, SigningCommitments> c = new LinkedHashMap<>();
      c.put(a.identifier(), ra.commitments());
      c.put(b.identifier(), tampered);
      SigningPackage pkg = new SigningPackage(c, new byte[] {7});
      Throwable thrown = catchThrowable(() -> Round2.sign(pkg, rb.nonces(), b));
      assertThat(thrown)
          .isInstanceOfSatisfying(
              IncorrectCommitmentException.class,
              e -> assertThat(e.signer()).isEqualTo(b.identifier()));
      // Even if the owner never saw the package, the coordinator refuses to aggregate.
      SignatureShare sa = Round2.sign(pkg, ra.nonces(), a);
      SigningPackage honest =
          new SigningPackage(
              Map.of(a.identifier(), ra.commitments(), b.identifier(), rb.commitments()),
              new byte[] {7});
      SignatureShare sb = Round2.sign(honest, rb.nonces(), b);
      Throwable agg =
          catchThrowable(
              () ->
                  Aggregator.aggregate(
                      pkg, Map.of(a.identifier(), sa, b.identifier(), sb), out.publicKeyPackage()));
      assertThat(agg)
          .isInstanceOfSatisfying(
              InvalidSignatureShareException.class,
              e -> assertThat(e.culprits()).contains(b.identifier()));
    }
  }

  @Property(tries = 15)
  void tamper_anyBitOfSignatureShare_detectedAndNamesCulprit(
      @ForAll @IntRange(min = 0, max = 36) int index,
      @ForAll @IntRange(min = 0, max = 7) int bit,
      @ForAll boolean tamperFirst)
      throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage a = out.keyPackages().get(1);
      KeyPackage b = out.keyPackages().get(2);
      Round1Result ra = Round1.commit(a, RANDOM);
      Round1Result rb = Round1.commit(b, RANDOM);
      SigningPackage pkg =
          new SigningPackage(
              Map.of(a.identifier(), ra.commitments(), b.identifier(), rb.commitments()),
              "receipt".getBytes(StandardCharsets.UTF_8));
      Map<Identifier, SignatureShare> shares = new LinkedHashMap<>();
      shares.put(a.identifier(), Round2.sign(pkg, ra.nonces(), a));
      shares.put(b.identifier(), Round2.sign(pkg, rb.nonces(), b));
      Identifier victim = tamperFirst ? a.identifier() : b.identifier();
      byte[] wire = shares.get(victim).toBytes();
      wire[index] ^= (byte) (1 << bit);
      SignatureShare tampered;
      try {
        tampered = SignatureShare.fromBytes(wire);
      } catch (MalformedEncodingException e) {
        return;
      }
      shares.put(victim, tampered);
      Throwable thrown =
          catchThrowable(() -> Aggregator.aggregate(pkg, shares, out.publicKeyPackage()));
      assertThat(thrown)
          .isInstanceOfSatisfying(
              InvalidSignatureShareException.class,
              e -> {
                assertThat(e.culprits()).containsExactly(victim);
                assertThat(e).hasMessage("invalid signature share from signer " + victim);
              });
    }
  }
}
