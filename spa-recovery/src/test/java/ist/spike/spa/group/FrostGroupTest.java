package ist.spike.spa.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.frost.InsufficientSignersException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrostGroupTest {
  private final FrostGroup group = new FrostGroup(new SecureRandom());
  private final byte[] msg = "receipt hash".getBytes(StandardCharsets.UTF_8);

  @Test
  void signer_eachPair_verifiesWithJdkEd25519() throws Exception {
    try (ThresholdGroup.Dealt d = group.deal()) {
      List<ShareSecret> s = d.shares();
      for (List<ShareSecret> pair :
          List.of(
              List.of(s.get(0), s.get(1)),
              List.of(s.get(0), s.get(2)),
              List.of(s.get(1), s.get(2)))) {
        byte[] sig = group.signer(pair, d.group()).sign(msg);
        assertThat(sig).hasSize(64);
        assertThat(d.group().groupKey().verify(msg, sig)).isTrue();
        assertThat(d.group().groupKey().verify("other".getBytes(StandardCharsets.UTF_8), sig))
            .isFalse();
      }
    }
  }

  @Test
  void signer_oneShare_throwsInsufficientSigners() throws Exception {
    try (ThresholdGroup.Dealt d = group.deal()) {
      assertThatThrownBy(() -> group.signer(List.of(d.shares().get(1)), d.group()).sign(msg))
          .isInstanceOfSatisfying(
              InsufficientSignersException.class,
              e -> {
                assertThat(e.have()).isEqualTo(1);
                assertThat(e.need()).isEqualTo(2);
              });
    }
  }

  @Test
  void repair_lostDevice_bitIdenticalAndSigns() throws Exception {
    try (ThresholdGroup.Dealt d = group.deal();
        ShareSecret repaired =
            group.repair(List.of(d.shares().get(1), d.shares().get(2)), 1, d.group())) {
      assertThat(repaired.equalsSecret(d.shares().get(0))).isTrue();
      byte[] sig = group.signer(List.of(repaired, d.shares().get(1)), d.group()).sign(msg);
      assertThat(d.group().groupKey().verify(msg, sig)).isTrue();
    }
  }

  @Test
  void refresh_sameGroupKey_newPairsSignAndOldNewMixFails() throws Exception {
    try (ThresholdGroup.Dealt d = group.deal();
        ThresholdGroup.Dealt fresh = group.refresh(d.shares(), d.group())) {
      assertThat(fresh.group().groupKey()).isEqualTo(d.group().groupKey());
      byte[] sig = group.signer(fresh.shares().subList(0, 2), fresh.group()).sign(msg);
      assertThat(fresh.group().groupKey().verify(msg, sig)).isTrue();
      assertThatThrownBy(
              () ->
                  group
                      .signer(List.of(d.shares().get(0), fresh.shares().get(1)), fresh.group())
                      .sign(msg))
          .isInstanceOf(java.security.GeneralSecurityException.class);
    }
  }
}
