package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Scalar;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SecretHygieneTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static List<String> secretForms(Scalar s) {
    byte[] b = s.toBytes();
    byte[] rev = new byte[32];
    for (int i = 0; i < 32; i++) {
      rev[i] = b[31 - i];
    }
    return List.of(
        HexFormat.of().formatHex(b),
        HexFormat.of().formatHex(rev),
        s.toBigIntegerPublic().toString(),
        java.util.Base64.getEncoder().encodeToString(b));
  }

  private static void assertHidesSecret(Object holder, Scalar secret) {
    String text = holder.toString();
    for (String form : secretForms(secret)) {
      assertThat(text).doesNotContain(form);
    }
    assertThat(text).containsIgnoringCase("redacted");
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage kp = out.keyPackages().get(0);
      Scalar share = kp.signingShare().scalar();
      assertHidesSecret(kp, share);
      for (String form : secretForms(share)) {
        assertThat(out.toString()).doesNotContain(form);
      }
      Round1Result r1 = Round1.commit(kp, RANDOM);
      Scalar[] nonces = new Scalar[2];
      r1.nonces()
          .consume(
              (d, e) -> {
                nonces[0] = d.copy();
                nonces[1] = e.copy();
                return null;
              });
      Round1Result fresh = Round1.commit(kp, RANDOM);
      assertThat(fresh.nonces().toString()).containsIgnoringCase("redacted");
      assertThat(fresh.toString()).doesNotContain(secretForms(nonces[0]).get(0));

      Map<Identifier, RepairDelta> deltas =
          Repair.step1(List.of(Identifier.of(1), Identifier.of(2)), kp, Identifier.of(3), RANDOM);
      for (RepairDelta d : deltas.values()) {
        assertHidesSecret(d, d.value());
      }
      RepairSigma sigma = Repair.step2(List.of(deltas.get(Identifier.of(1))));
      assertHidesSecret(sigma, sigma.value());
      try (RefreshOutput r =
          Refresh.generate(
              out.publicKeyPackage(),
              List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3)),
              RANDOM)) {
        RefreshShare rs = r.shares().get(0);
        assertHidesSecret(rs, rs.value());
        assertThat(new SigningShare(Scalar.one()).toString()).isEqualTo("SigningShare[redacted]");
      }
    }
  }

  @Test
  void close_pointToPointMessages_wipeScalars() throws Exception {
    List<SecretScalarMessage> messages = new ArrayList<>();
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      Map<Identifier, RepairDelta> deltas =
          Repair.step1(
              List.of(Identifier.of(1), Identifier.of(2)),
              out.keyPackages().get(0),
              Identifier.of(3),
              RANDOM);
      messages.addAll(deltas.values());
      messages.add(Repair.step2(List.of(deltas.get(Identifier.of(1)))));
    }
    Dkg.Part1 p1 = Dkg.part1(Identifier.of(1), 2, 2, RANDOM);
    Dkg.Part1 p2 = Dkg.part1(Identifier.of(2), 2, 2, RANDOM);
    messages.addAll(
        Dkg.part2(p1.secret(), Map.of(Identifier.of(2), p2.broadcast())).packages().values());
    assertThat(messages).hasSize(4);
    for (SecretScalarMessage m : messages) {
      assertThat(m.value().isWiped()).as("%s before close", m).isFalse();
      m.close();
      assertThat(m.value().isWiped()).as("%s after close", m).isTrue();
    }
  }

  @Test
  void close_keyPackageAndDealerOutput_wipeShares() throws Exception {
    DealerOutput out = TrustedDealer.generate(3, 2, RANDOM);
    KeyPackage kp = out.keyPackages().get(0);
    out.close();
    for (KeyPackage k : out.keyPackages()) {
      assertThat(k.isClosed()).isTrue();
      assertThat(k.isWiped()).isTrue();
    }
    assertThatThrownBy(kp::toBytes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> Round1.commit(kp, RANDOM)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_unusedNonces_wipesAndForbidsUse() throws Exception {
    try (DealerOutput out = TrustedDealer.generate(3, 2, RANDOM)) {
      KeyPackage k1 = out.keyPackages().get(0);
      KeyPackage k2 = out.keyPackages().get(1);
      Round1Result r1 = Round1.commit(k1, RANDOM);
      Round1Result r2 = Round1.commit(k2, RANDOM);
      r1.nonces().close();
      assertThat(r1.nonces().isWiped()).isTrue();
      SigningPackage pkg =
          new SigningPackage(
              Map.of(k1.identifier(), r1.commitments(), k2.identifier(), r2.commitments()),
              new byte[] {1});
      assertThatThrownBy(() -> Round2.sign(pkg, r1.nonces(), k1))
          .isInstanceOf(NonceReusedException.class);
    }
  }

  @Test
  void split_dealerSecretAndCoefficients_wipedAfterSplitting() throws Exception {
    List<Scalar> coefficients = new ArrayList<>();
    coefficients.add(TrustedDealer.randomScalar(RANDOM));
    coefficients.add(TrustedDealer.randomScalar(RANDOM));
    try (DealerOutput out =
        TrustedDealer.split(
            coefficients, List.of(Identifier.of(1), Identifier.of(2), Identifier.of(3)))) {
      assertThat(out.keyPackages()).hasSize(3);
    }
    assertThat(coefficients).allMatch(Scalar::isWiped);
  }

  /** Public API types and the classes that may appear in public signatures. */
  private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
    Path dir = Path.of("target/classes/ist/spike/frost");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> c = Class.forName("ist.spike.frost." + name.replace(".class", ""));
          if (Modifier.isPublic(c.getModifiers())) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  @Test
  void publicApi_neverReturnsSecretScalarsOrAssemblesGroupKey() throws Exception {
    List<Class<?>> api = apiClasses();
    assertThat(api).contains(KeyPackage.class, FrostSession.class, Repair.class, Refresh.class);
    Pattern forbidden =
        Pattern.compile(
            "(?i).*(reconstruct|combine|interpolat|groupsecret|signingkey|secretkey|lagrange).*");
    for (Class<?> c : api) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers())) {
          continue;
        }
        assertThat(m.getReturnType())
            .as("%s.%s", c.getSimpleName(), m.getName())
            .isNotIn(Scalar.class, SigningShare.class, EdwardsPoint.class);
        for (Class<?> p : m.getParameterTypes()) {
          assertThat(p)
              .as("%s.%s parameter", c.getSimpleName(), m.getName())
              .isNotIn(Scalar.class, EdwardsPoint.class);
        }
        assertThat(m.getName()).as("%s.%s", c.getSimpleName(), m.getName()).doesNotMatch(forbidden);
      }
    }
  }

  @Test
  void sources_lagrangeOnlyWeighsOneShareAtATime() throws IOException {
    // Interpolation of signing shares at zero would rebuild the group key. The only callers of
    // Polynomial.lagrange are the per-signer share computation, share verification (public) and
    // the per-helper repair step; none of them sums several secret shares.
    Path src = Path.of("src/main/java/ist/spike/frost");
    List<String> callers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (Files.readString(f).contains("Polynomial.lagrange(")) {
          callers.add(f.getFileName().toString());
        }
      }
    }
    assertThat(callers).containsExactlyInAnyOrder("Round2.java", "Protocol.java", "Repair.java");
  }
}
