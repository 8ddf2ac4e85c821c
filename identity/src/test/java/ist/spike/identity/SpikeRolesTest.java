package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpikeRolesTest {
  private final SpikeRoles roles = SpikeRoles.fromEnv(Map.of());

  private static SpiffeId id(String text) {
    return SpiffeId.parse(text);
  }

  @ParameterizedTest
  @CsvSource({
    "spiffe://spike.ist/spike/pilot/role/superuser, true",
    "spiffe://spike.ist/spike/pilot/role/superuser/instance-0, true",
    "spiffe://spike.ist/spike/pilot/role/superuser-evil, false",
    "spiffe://other.td/spike/pilot/role/superuser, false",
    "spiffe://spike.ist/spike/keeper, false",
    "spiffe://spike.ist/spike/pilot/role, false",
    "spiffe://spike.ist/spike/pilot/role/recover, false"
  })
  void has_superuser_spec12Cases(String peer, boolean expected) {
    assertThat(roles.has(id(peer), SpikeRole.PILOT_SUPERUSER)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "spiffe://spike.ist/spike/nexus, true",
    "spiffe://spike.ist/spike/bootstrap, true",
    "spiffe://spike.ist/spike/nexus/instance-0, true",
    "spiffe://spike.ist/spike/pilot/role/superuser, false",
    "spiffe://spike.ist/spike/keeper, false",
    "spiffe://other.td/spike/nexus, false",
    "spiffe://spike.ist/spike/nexus-evil, false"
  })
  void isKeeperPeer_spec12Cases(String peer, boolean expected) {
    assertThat(roles.isKeeperPeer(id(peer))).isEqualTo(expected);
  }

  @Test
  void has_eachRoleBaseInDefaultTrustDomain_onlyItsOwnRole() {
    for (SpikeRole role : SpikeRole.values()) {
      SpiffeId base = role.idIn("spike.ist");
      for (SpikeRole other : SpikeRole.values()) {
        assertThat(roles.has(base, other)).as(role + " as " + other).isEqualTo(role == other);
      }
    }
  }

  @Test
  void fromEnv_commaSeparatedTrustRoots_eachAccepted() {
    SpikeRoles multi =
        SpikeRoles.fromEnv(Map.of("SPIKE_TRUST_ROOT_NEXUS", " a.example , b.example"));

    assertThat(multi.has(id("spiffe://a.example/spike/nexus"), SpikeRole.NEXUS)).isTrue();
    assertThat(multi.has(id("spiffe://b.example/spike/nexus/x"), SpikeRole.NEXUS)).isTrue();
    assertThat(multi.has(id("spiffe://spike.ist/spike/nexus"), SpikeRole.NEXUS)).isFalse();
    // Other roles keep the default.
    assertThat(multi.has(id("spiffe://spike.ist/spike/keeper"), SpikeRole.KEEPER)).isTrue();
    assertThat(multi.has(id("spiffe://a.example/spike/keeper"), SpikeRole.KEEPER)).isFalse();
  }

  @Test
  void fromEnv_pilotTrustRoot_coversAllThreePilotRoles() {
    SpikeRoles pilot = SpikeRoles.fromEnv(Map.of("SPIKE_TRUST_ROOT_PILOT", "ops.example"));

    assertThat(
            pilot.has(
                id("spiffe://ops.example/spike/pilot/role/superuser"), SpikeRole.PILOT_SUPERUSER))
        .isTrue();
    assertThat(
            pilot.has(id("spiffe://ops.example/spike/pilot/role/recover"), SpikeRole.PILOT_RECOVER))
        .isTrue();
    assertThat(
            pilot.has(id("spiffe://ops.example/spike/pilot/role/restore"), SpikeRole.PILOT_RESTORE))
        .isTrue();
    assertThat(
            pilot.has(
                id("spiffe://spike.ist/spike/pilot/role/superuser"), SpikeRole.PILOT_SUPERUSER))
        .isFalse();
  }

  @Test
  void fromEnv_blankValue_meansDefault() {
    SpikeRoles blank = SpikeRoles.fromEnv(Map.of("SPIKE_TRUST_ROOT_KEEPER", "  "));
    assertThat(blank.basesOf(SpikeRole.KEEPER))
        .containsExactly(id("spiffe://spike.ist/spike/keeper"));
  }

  @Test
  void fromEnv_emptyListEntry_throwsNamingVariable() {
    assertThatThrownBy(() -> SpikeRoles.fromEnv(Map.of("SPIKE_TRUST_ROOT_KEEPER", "a.example,,b")))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("SPIKE_TRUST_ROOT_KEEPER")
        .hasMessageContaining("empty trust domain");
  }

  @Test
  void fromEnv_invalidTrustDomain_throwsNamingVariable() {
    assertThatThrownBy(() -> SpikeRoles.fromEnv(Map.of("SPIKE_TRUST_ROOT_LITE_WORKLOAD", "Bad/TD")))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessageContaining("SPIKE_TRUST_ROOT_LITE_WORKLOAD");
  }

  @Test
  void verifierFor_nexus_acceptsOnlyNexusIds() {
    SpiffeIdVerifier verifier = roles.verifierFor(SpikeRole.NEXUS);

    assertThat(verifier.accepts(id("spiffe://spike.ist/spike/nexus"))).isTrue();
    assertThat(verifier.accepts(id("spiffe://spike.ist/spike/keeper"))).isFalse();
    assertThat(verifier.description()).contains("NEXUS");
  }
}
