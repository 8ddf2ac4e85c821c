package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides whether a peer whose certificate chain already validated against the trust bundle may
 * complete the TLS handshake. The verifier has a description used in the refusal message.
 *
 * <p>There is no default: every {@link SpiffeTls} context needs one. Accepting every ID of the
 * trusted bundles has its own loud name, {@link #insecureAcceptAnyTrusted()}.
 */
public interface SpiffeIdVerifier {
  /**
   * Tells whether the peer may connect.
   *
   * @param peer the peer's SPIFFE ID (from its validated leaf certificate)
   * @return true to accept
   */
  boolean accepts(SpiffeId peer);

  /** Returns what this verifier expects, for example {@code a SPIFFE ID with role [NEXUS]}. */
  String description();

  /**
   * Builds a verifier from a predicate.
   *
   * @param description what the predicate expects, for messages
   * @param predicate the rule
   * @return the verifier
   */
  static SpiffeIdVerifier of(String description, Predicate<SpiffeId> predicate) {
    requireNonNull(description, "description must not be null");
    requireNonNull(predicate, "predicate must not be null");
    return new SpiffeIdVerifier() {
      @Override
      public boolean accepts(SpiffeId peer) {
        return predicate.test(peer);
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return "SpiffeIdVerifier[" + description + "]";
      }
    };
  }

  /**
   * Accepts exactly the given IDs.
   *
   * @param ids the allowed IDs
   * @return the verifier
   */
  static SpiffeIdVerifier exactly(Set<SpiffeId> ids) {
    Set<SpiffeId> copy = Set.copyOf(ids);
    return of("one of " + copy, copy::contains);
  }

  /**
   * Accepts any ID in the given trust domains (the chain must still validate against that trust
   * domain's bundle). This is SPIKE Nexus's TLS-level rule; authorization then happens per route.
   *
   * @param trustDomains trust domain names
   * @return the verifier
   */
  static SpiffeIdVerifier anyIn(Set<String> trustDomains) {
    Set<String> copy = Set.copyOf(trustDomains);
    return of("any SPIFFE ID in trust domains " + copy, id -> copy.contains(id.trustDomain()));
  }

  /**
   * Accepts every SPIFFE ID whose chain validates against a bundle the source holds. Use only where
   * authorization happens later and the trust domains are not known in advance.
   *
   * @return the verifier
   */
  static SpiffeIdVerifier insecureAcceptAnyTrusted() {
    return of("any SPIFFE ID with a trusted chain", id -> true);
  }
}
