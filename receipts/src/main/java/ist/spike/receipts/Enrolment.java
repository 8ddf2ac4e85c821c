package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What onboarding fixes for the life of a chain, read from and written to the genesis receipt's
 * payload: the {@link Tier}, the registered {@link Party parties}, the guardian threshold k (for
 * the threshold-network tier) and whether this is a test user (whose receipts follow a test clock
 * and are exempt from the verifier's future-timestamp check).
 *
 * <p>Payload fields: {@code tier}, {@code test_user} (boolean), {@code parties} (an object from
 * name to {@code {"role": ..., "public_key": 64 hex}}), {@code guardian_threshold}, and for
 * information {@code cooldown_seconds} and {@code probation_seconds}.
 *
 * @param tier the enrolment tier
 * @param testUser whether the user was created for tests
 * @param parties the registered parties by name
 * @param guardianThreshold how many guardians must co-sign an emergency rotation in the
 *     threshold-network tier (1 in the other tiers)
 */
public record Enrolment(
    Tier tier, boolean testUser, Map<String, Party> parties, int guardianThreshold) {
  /** At most this many registered parties. */
  public static final int MAX_PARTIES = 32;

  /** Validates the tier's requirements on parties and threshold. */
  public Enrolment {
    requireNonNull(tier, "tier");
    requireNonNull(parties, "parties");
    if (parties.size() > MAX_PARTIES) {
      throw new IllegalArgumentException("at most " + MAX_PARTIES + " parties may be registered");
    }
    parties.forEach(
        (name, p) -> {
          if (!name.equals(p.name())) {
            throw new IllegalArgumentException(
                "party registered as '" + name + "' names itself '" + p.name() + "'");
          }
        });
    parties = Collections.unmodifiableMap(new LinkedHashMap<>(parties));
    long guardians = parties.values().stream().filter(p -> p.role() == Canceller.GUARDIAN).count();
    switch (tier) {
      case THRESHOLD_NETWORK -> {
        if (guardianThreshold < 2 || guardianThreshold > guardians) {
          throw new IllegalArgumentException(
              "the threshold_network tier needs a guardian threshold k with 2 <= k <= guardians"
                  + " registered ("
                  + guardians
                  + "); got "
                  + guardianThreshold);
        }
      }
      case INSTITUTIONAL -> {
        if (guardians < 1) {
          throw new IllegalArgumentException("the institutional tier needs a registered guardian");
        }
        if (guardianThreshold != 1) {
          throw new IllegalArgumentException(
              "the guardian threshold is only for threshold_network");
        }
      }
      case CONSUMER -> {
        if (guardianThreshold != 1) {
          throw new IllegalArgumentException(
              "the guardian threshold is only for threshold_network");
        }
      }
    }
  }

  /**
   * Finds a registered party.
   *
   * @param name the party name; not null
   * @return the party, or empty if none is registered under that name
   */
  public Optional<Party> party(String name) {
    return Optional.ofNullable(parties.get(requireNonNull(name, "name")));
  }

  /** Writes the enrolment fields into a genesis payload. */
  public void writeTo(ObjectNode payload) {
    requireNonNull(payload, "payload");
    payload.put("tier", tier.wireName());
    payload.put("test_user", testUser);
    payload.put("cooldown_seconds", tier.cooldownSeconds());
    payload.put("probation_seconds", tier.probationSeconds());
    payload.put("guardian_threshold", guardianThreshold);
    ObjectNode ps = payload.putObject("parties");
    parties.forEach(
        (name, p) ->
            ps.putObject(name)
                .put("role", p.role().wireName())
                .put("public_key", p.publicKey().toHex()));
  }

  /**
   * Reads the enrolment from a genesis payload.
   *
   * @param payload the onboarding receipt's payload; not null
   * @return the enrolment
   * @throws LifecycleViolationException ({@link ChainErrorKind#MALFORMED_PAYLOAD}) naming the bad
   *     field
   */
  public static Enrolment fromGenesis(JsonNode payload) throws LifecycleViolationException {
    requireNonNull(payload, "payload");
    JsonNode tierNode = payload.get("tier");
    if (tierNode == null || !tierNode.isTextual()) {
      throw malformed("onboarding must name its tier (consumer, threshold_network, institutional)");
    }
    Tier tier =
        Tier.fromWireName(tierNode.textValue())
            .filter(t -> t.wireName().equals(tierNode.textValue()))
            .orElseThrow(() -> malformed("onboarding names an unknown tier"));
    JsonNode test = payload.get("test_user");
    if (test != null && !test.isBoolean()) {
      throw malformed("test_user must be true or false");
    }
    JsonNode k = payload.get("guardian_threshold");
    int threshold = 1;
    if (k != null) {
      if (!k.isIntegralNumber() || !k.canConvertToInt()) {
        throw malformed("guardian_threshold must be an integer");
      }
      threshold = k.intValue();
    }
    Map<String, Party> parties = new LinkedHashMap<>();
    JsonNode ps = payload.get("parties");
    if (ps != null) {
      if (!ps.isObject()) {
        throw malformed("parties must be an object from name to {role, public_key}");
      }
      if (ps.size() > MAX_PARTIES) {
        throw malformed("at most " + MAX_PARTIES + " parties may be registered");
      }
      for (Map.Entry<String, JsonNode> e : ps.properties()) {
        JsonNode role = e.getValue().get("role");
        JsonNode key = e.getValue().get("public_key");
        if (role == null || !role.isTextual() || key == null || !key.isTextual()) {
          throw malformed("party '" + e.getKey() + "' needs a role and a public_key");
        }
        Canceller r =
            Canceller.fromWireName(role.textValue())
                .orElseThrow(
                    () ->
                        malformed(
                            "party '"
                                + e.getKey()
                                + "' has an unknown role (old_device, recovery_contact,"
                                + " guardian)"));
        try {
          parties.put(
              e.getKey(), new Party(e.getKey(), r, GroupPublicKey.parseHex(key.textValue())));
        } catch (IllegalArgumentException bad) {
          throw malformed("party '" + e.getKey() + "': " + bad.getMessage());
        }
      }
    }
    try {
      return new Enrolment(tier, test != null && test.booleanValue(), parties, threshold);
    } catch (IllegalArgumentException bad) {
      throw malformed(bad.getMessage());
    }
  }

  private static LifecycleViolationException malformed(String message) {
    return new LifecycleViolationException(ChainErrorKind.MALFORMED_PAYLOAD, message);
  }
}
