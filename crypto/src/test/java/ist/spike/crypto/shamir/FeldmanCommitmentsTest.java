package ist.spike.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.internal.P256;
import ist.spike.crypto.shamir.ShamirSchemes.Scheme;
import ist.spike.testkit.Vectors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FeldmanCommitmentsTest {
  @Provide
  Arbitrary<Scheme> schemes() {
    return ShamirSchemes.upTo(6);
  }

  private static List<Shard> split(RootKey key, Scheme s) throws Exception {
    return Shamir.split(key, ShamirParameters.of(s.threshold(), s.shares()));
  }

  @Property(tries = 30)
  void matches_everyShardOfTheSplit_true(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      assertThat(c.threshold()).isEqualTo(s.threshold());
      for (Shard shard : split(key, s)) {
        assertThat(c.matches(shard)).as("shard %d", shard.index()).isTrue();
        c.verify(shard);
        shard.close();
      }
    }
  }

  @Property(tries = 30)
  void matches_changedShardValue_false(
      @ForAll("schemes") Scheme s,
      @ForAll @IntRange(min = 0, max = 31) int bytePos,
      @ForAll @IntRange(min = 0, max = 7) int bit)
      throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      List<Shard> shards = split(key, s);
      Shard victim = shards.get((int) Math.floorMod(s.seed(), (long) shards.size()));
      byte[] raw = victim.revealValue(InsecureSecretAccess.get());
      raw[bytePos] ^= (byte) (1 << bit);
      Shard changed;
      try {
        changed = Shard.ofRaw(victim.index(), raw);
      } catch (InvalidShardException e) {
        return; // the flip left the scalar range; such a value is refused earlier anyway
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
      try (changed) {
        assertThat(c.matches(changed)).isFalse();
        assertThatThrownBy(() -> c.verify(changed))
            .isInstanceOf(InvalidShardException.class)
            .hasMessage(FeldmanCommitments.MESSAGE_MISMATCH);
      }
      shards.forEach(Shard::close);
    }
  }

  @Property(tries = 30)
  void matches_shardUnderAnotherIndex_false(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      List<Shard> shards = split(key, s);
      Shard first = shards.get(0);
      byte[] raw = first.revealValue(InsecureSecretAccess.get());
      try (Shard moved = Shard.ofRaw(s.shares() + 1, raw)) {
        // with threshold 1 every share equals the key, so only a higher degree tells indexes apart
        assertThat(c.matches(moved)).isEqualTo(s.threshold() == 1);
      } finally {
        Arrays.fill(raw, (byte) 0);
        shards.forEach(Shard::close);
      }
    }
  }

  @Property(tries = 30)
  void matches_changedCommitment_false(
      @ForAll("schemes") Scheme s, @ForAll @IntRange(min = 0, max = 999) int which)
      throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      int j = which % s.threshold();
      // replace C_j by C_j + G: still a valid point, but of another polynomial
      List<String> hex = new ArrayList<>(c.toHex());
      var point = ist.spike.crypto.internal.P256Point.decode(HexFormat.of().parseHex(hex.get(j)));
      hex.set(
          j,
          HexFormat.of()
              .formatHex(point.add(ist.spike.crypto.internal.P256Point.GENERATOR).encode()));
      FeldmanCommitments changed = FeldmanCommitments.fromHex(hex);
      assertThat(changed).isNotEqualTo(c);
      for (Shard shard : split(key, s)) {
        assertThat(changed.matches(shard)).as("shard %d", shard.index()).isFalse();
        shard.close();
      }
    }
  }

  @Property(tries = 20)
  void matches_shardOfAnotherKey_false(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed());
        RootKey other = ShamirSchemes.key(s.seed() + 1)) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      for (Shard shard : split(other, s)) {
        assertThat(c.matches(shard)).isFalse();
        shard.close();
      }
    }
  }

  @Property(tries = 20)
  void toBytes_fromBytes_roundTrips(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      FeldmanCommitments c = FeldmanCommitments.of(key, s.threshold());
      assertThat(FeldmanCommitments.fromBytes(c.toBytes())).isEqualTo(c);
      assertThat(FeldmanCommitments.fromHex(c.toHex())).isEqualTo(c);
      assertThat(c.toBytes()).hasSize(s.threshold() * FeldmanCommitments.POINT_SIZE);
    }
  }

  @Test
  void of_spikeVectors_verifyEveryVectorShard() throws Exception {
    JsonNode vectors = Vectors.json("spike-shamir.json");
    int checked = 0;
    for (JsonNode v : vectors.get("cases")) {
      if (!v.path("accepted").asBoolean(false) || !v.has("shards")) {
        continue;
      }
      byte[] keyBytes = HexFormat.of().parseHex(v.get("root_key_hex").asText());
      try (SecretBytes kb = SecretBytes.takeOwnership(keyBytes);
          RootKey key = RootKey.of(kb)) {
        FeldmanCommitments c = FeldmanCommitments.of(key, v.get("threshold").asInt());
        for (JsonNode s : v.get("shards")) {
          byte[] value = HexFormat.of().parseHex(s.get("value_hex").asText());
          try (Shard shard = Shard.ofRaw(s.get("id").asInt(), value)) {
            assertThat(c.matches(shard)).isTrue();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void commitmentZero_isRootKeyTimesGenerator() throws Exception {
    // c_0 * G for c_0 = 1 is G itself: 03 || Gx when Gy is odd (it is for P-256)
    byte[] one = new byte[32];
    one[31] = 1;
    try (SecretBytes b = SecretBytes.takeOwnership(one);
        RootKey key = RootKey.of(b)) {
      assertThat(FeldmanCommitments.of(key, 1).toHex())
          .containsExactly("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
    }
    // n - 1 gives -G: same x, the other parity
    byte[] nMinusOne = Shamir.toFixed32(P256.ORDER.subtract(BigInteger.ONE));
    try (SecretBytes b = SecretBytes.takeOwnership(nMinusOne);
        RootKey key = RootKey.of(b)) {
      assertThat(FeldmanCommitments.of(key, 1).toHex())
          .containsExactly("026b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
    }
  }

  @Test
  void fromHex_notOnCurve_throwsNamingThePoint() {
    String bad = "02" + "00".repeat(31) + "01"; // x = 1 has no y on P-256
    assertThatThrownBy(() -> FeldmanCommitments.fromHex(List.of(bad)))
        .isInstanceOf(InvalidCommitmentsException.class)
        .hasMessageContaining("commitment 0");
    assertThatThrownBy(() -> FeldmanCommitments.fromHex(List.of("02ab")))
        .isInstanceOf(InvalidCommitmentsException.class)
        .hasMessage("commitment 0 must be 66 hex digits");
    assertThatThrownBy(() -> FeldmanCommitments.fromHex(List.of()))
        .isInstanceOf(InvalidCommitmentsException.class);
    assertThatThrownBy(() -> FeldmanCommitments.fromBytes(new byte[34]))
        .isInstanceOf(InvalidCommitmentsException.class)
        .hasMessage("commitments must be a multiple of 33 bytes, was 34");
  }
}
