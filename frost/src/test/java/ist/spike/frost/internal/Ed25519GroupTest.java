package ist.spike.frost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.frost.InvalidElementException;
import ist.spike.testkit.Vectors;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPublicKey;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

class Ed25519GroupTest {
  private static final HexFormat HEX = HexFormat.of();
  private final Group g = Group.ed25519();

  private static JsonNode vectors() {
    return Vectors.json("frost-ed25519.json");
  }

  @Test
  void deserialize_zfInvalidElement_throwsInvalidElement() {
    byte[] bad =
        HEX.parseHex(vectors().get("zf_elements").get("elements").get("invalid_element").asText());
    assertThatThrownBy(() -> g.deserialize(bad)).isInstanceOf(InvalidElementException.class);
  }

  @Test
  void deserialize_identity_throwsInvalidElement() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThatThrownBy(() -> g.deserialize(identity))
        .isInstanceOf(InvalidElementException.class)
        .hasMessageContaining("identity");
  }

  @Test
  void deserialize_mixedOrderPoint_throwsNotPrimeOrder() {
    byte[] mixed = new byte[32];
    mixed[0] = 3;
    assertThatThrownBy(() -> g.deserialize(mixed))
        .isInstanceOf(InvalidElementException.class)
        .hasMessageContaining("prime-order");
  }

  @Test
  void deserialize_nonCanonicalY_throwsInvalidElement() throws Exception {
    // y = p + 1 encodes the same y as 1 (x = 0) but is not canonical; y = p + 4 likewise.
    BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    for (int k : new int[] {1, 4, 9}) {
      byte[] enc = le32(p.add(BigInteger.valueOf(k)));
      assertThatThrownBy(() -> g.deserialize(enc)).isInstanceOf(InvalidElementException.class);
    }
    byte[] wrongLength = new byte[31];
    assertThatThrownBy(() -> g.deserialize(wrongLength))
        .isInstanceOf(InvalidElementException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void deserialize_zfSamples_accepted() throws Exception {
    JsonNode s = vectors().get("zf_samples");
    for (String field : new String[] {"element1", "element2"}) {
      byte[] enc = HEX.parseHex(s.get(field).asText());
      assertThat(g.serialize(g.deserialize(enc))).isEqualTo(enc);
    }
    assertThat(g.serialize(g.generator())).isEqualTo(HEX.parseHex(s.get("element1").asText()));
  }

  @Test
  void deserialize_smallOrderEncodings_allRejectedLikeBouncyCastle() {
    String[] smallOrder = {
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    };
    for (String h : smallOrder) {
      byte[] enc = HEX.parseHex(h);
      assertThat(accepts(enc)).as(h).isFalse();
      assertThat(Ed25519.validatePublicKeyFull(enc, 0)).as("BC " + h).isFalse();
    }
  }

  @Test
  void deserialize_randomStrings_agreesWithBouncyCastleFullValidation() {
    Random random = new Random(20260611);
    int accepted = 0;
    for (int i = 0; i < 600; i++) {
      byte[] enc = new byte[32];
      random.nextBytes(enc);
      boolean ours = accepts(enc);
      assertThat(ours).as(HEX.formatHex(enc)).isEqualTo(Ed25519.validatePublicKeyFull(enc, 0));
      accepted += ours ? 1 : 0;
    }
    assertThat(accepted).isPositive();
  }

  @Test
  void deserialize_jdkGeneratedPublicKeys_accepted() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("Ed25519");
    for (int i = 0; i < 10; i++) {
      EdECPublicKey pk = (EdECPublicKey) kpg.generateKeyPair().getPublic();
      byte[] enc = le32(pk.getPoint().getY());
      if (pk.getPoint().isXOdd()) {
        enc[31] |= (byte) 0x80;
      }
      assertThat(accepts(enc)).isTrue();
    }
  }

  @Property(tries = 25)
  void multiplyBase_isHomomorphic(@ForAll @Size(64) byte[] a, @ForAll @Size(64) byte[] b)
      throws Exception {
    Scalar x = Scalar.fromBytesModOrderWide(a);
    Scalar y = Scalar.fromBytesModOrderWide(b);
    EdwardsPoint sum = g.add(g.multiplyBase(x), g.multiplyBase(y));
    assertThat(g.equal(sum, g.multiplyBase(x.add(y)))).isTrue();
    EdwardsPoint prod = g.multiply(g.multiplyBase(x), y);
    assertThat(g.equal(prod, g.multiplyBase(x.multiply(y)))).isTrue();
    assertThat(g.isIdentity(g.subtract(sum, sum))).isTrue();
  }

  @Test
  void multiplyBase_zeroAndOrder_giveIdentity() {
    assertThat(g.isIdentity(g.multiplyBase(Scalar.zero()))).isTrue();
    EdwardsPoint minusB = g.multiplyBase(Scalar.one().negate());
    assertThat(g.isIdentity(g.add(minusB, g.generator()))).isTrue();
    assertThatThrownBy(() -> g.serialize(g.identity())).isInstanceOf(InvalidElementException.class);
  }

  private boolean accepts(byte[] enc) {
    try {
      g.deserialize(enc);
      return true;
    } catch (InvalidElementException e) {
      return false;
    }
  }

  private static byte[] le32(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }
}
