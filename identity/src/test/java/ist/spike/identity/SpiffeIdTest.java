package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {
  @Test
  void parse_validId_exposesTrustDomainAndPath() {
    SpiffeId id = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser");

    assertThat(id.trustDomain()).isEqualTo("spike.ist");
    assertThat(id.path()).isEqualTo("/spike/pilot/role/superuser");
    assertThat(id).hasToString("spiffe://spike.ist/spike/pilot/role/superuser");
    assertThat(id).isEqualTo(SpiffeId.of("spike.ist", "spike/pilot/role/superuser"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spiffe://example.org",
        "spiffe://example.org/service",
        "spiffe://my-domain.example.org/a_b/c-d/e.f/G9",
        "spiffe://spike.ist/spike/nexus/instance-0"
      })
  void parse_validIds_accepted(String text) {
    assertThat(SpiffeId.parse(text)).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.org/service",
        "http://example.org/service",
        "spiffe:///service",
        "spiffe://example.org/",
        "spiffe://example.org/a//b",
        "spiffe://example.org/my service",
        "spiffe://user@example.org/service",
        "spiffe://example.org/^admin",
        "spiffe://example.org/admin$",
        "spiffe://example.org/*",
        "spiffe://example.org/a+b",
        "spiffe://example.org/a?b",
        "spiffe://example.org/[a]",
        "spiffe://example.org/(a)",
        "spiffe://example_org/service",
        "spiffe://example.org:8080/service",
        "SPIFFE://example.org/service"
      })
  void parse_invalidPeerIds_rejectedWithRule(String text) {
    assertThatThrownBy(() -> SpiffeId.parse(text))
        .isInstanceOf(InvalidSpiffeIdException.class)
        .hasMessage(SpiffeId.NOT_SPIFFE);
  }

  @Test
  void parse_upperCaseTrustDomain_rejected() {
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://Example.org/service"))
        .isInstanceOf(InvalidSpiffeIdException.class)
        .hasMessage(SpiffeId.UPPER_CASE_TRUST_DOMAIN);
  }

  @Test
  void parse_dotSegments_rejected() {
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://example.org/a/../spike/nexus"))
        .hasMessage(SpiffeId.DOT_SEGMENT);
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://example.org/./x"))
        .hasMessage(SpiffeId.DOT_SEGMENT);
  }

  @Test
  void parse_overlong_rejectedWithoutEchoingInput() {
    String text = "spiffe://example.org/" + "a".repeat(3000);
    assertThatThrownBy(() -> SpiffeId.parse(text)).hasMessage(SpiffeId.TOO_LONG);
  }

  @Test
  void isOrIsUnder_prefixRule_matchesSpike() {
    SpiffeId base = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser");

    assertThat(base.isOrIsUnder(base)).isTrue();
    assertThat(
            SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser/instance-0")
                .isOrIsUnder(base))
        .isTrue();
    assertThat(
            SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser-evil").isOrIsUnder(base))
        .isFalse();
    assertThat(SpiffeId.parse("spiffe://other.ist/spike/pilot/role/superuser").isOrIsUnder(base))
        .isFalse();
  }
}
