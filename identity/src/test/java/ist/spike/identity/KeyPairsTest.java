package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.internal.ConscryptSupport;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPairsTest {
  /** The JDK's choice (null) and Conscrypt, which loads on the build machines. */
  private static List<Provider> providers() {
    return Arrays.asList(null, ConscryptSupport.providerOrNull());
  }

  private static KeyPair generate(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      g.initialize(256);
    }
    return g.generateKeyPair();
  }

  @Test
  void requireMatch_matchingPairs_pass_withEitherProvider() throws Exception {
    assertThat(ConscryptSupport.providerOrNull()).as("Conscrypt loads here").isNotNull();
    for (String algorithm : List.of("EC", "Ed25519")) {
      KeyPair pair = generate(algorithm);
      for (Provider p : providers()) {
        assertThatCode(() -> KeyPairs.requireMatch(pair.getPublic(), pair.getPrivate(), "x", p))
            .as("%s with %s", algorithm, p)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void requireMatch_keyOfAnotherPair_refused_withEitherProvider() throws Exception {
    KeyPair a = generate("EC");
    KeyPair b = generate("EC");
    for (Provider p : providers()) {
      assertThatThrownBy(
              () -> KeyPairs.requireMatch(a.getPublic(), b.getPrivate(), "svid and key", p))
          .as("provider %s", p)
          .isInstanceOf(GeneralSecurityException.class)
          .hasMessage(
              "svid and key do not belong together (the key does not match the certificate)");
    }
  }
}
