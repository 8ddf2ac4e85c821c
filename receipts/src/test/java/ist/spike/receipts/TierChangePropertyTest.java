package ist.spike.receipts;

import static ist.spike.receipts.Chains.HOUR;
import static ist.spike.receipts.Chains.T0;
import static ist.spike.receipts.Chains.changeRequest;
import static ist.spike.receipts.Chains.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever events are offered, in whatever order and with whatever timing, the tier in force only
 * changes by an {@code enrolment_change_apply} that follows, uncancelled, a request for that tier
 * at least the cooldown of the tier then in force earlier. Events the replay refuses are dropped,
 * as the state machine would refuse them; the chain that remains must verify.
 */
class TierChangePropertyTest {
  private static final JdkSigner GROUP = new JdkSigner();

  enum Action {
    REQUEST,
    APPLY,
    CANCEL,
    REFRESH,
    LOSS
  }

  record Step(Action action, Tier tier, long delayHours, long cooldownHours, String party) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(Action.class),
                Arbitraries.of(Tier.class),
                Arbitraries.of(0L, 1L, 24L, 47L, 48L, 72L, 96L),
                Arbitraries.of(0L, 24L, 48L, 72L, 96L),
                Arbitraries.of("device", "bob", "g1", "g2"))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 200)
  void tier_changesOnlyAfterACompletedUncancelledCooldown(
      @ForAll Tier start, @ForAll("steps") List<Step> steps) throws Exception {
    Chains c = new Chains(GROUP);
    long t = T0;
    c.add(ReceiptKind.ONBOARDING, t, c.genesis(start));
    LifecycleReplay replay = new LifecycleReplay();
    replay.apply(c.receipts().get(0));
    for (Step s : steps) {
      t += s.delayHours() * HOUR;
      switch (s.action()) {
        case REQUEST ->
            c.add(
                ReceiptKind.ENROLMENT_CHANGE_REQUEST,
                t,
                changeRequest(c.enrolment(s.tier(), false), t + s.cooldownHours() * HOUR));
        case APPLY -> c.addApproved(ReceiptKind.ENROLMENT_CHANGE_APPLY, t, obj(), s.party());
        case CANCEL ->
            c.addApproved(
                ReceiptKind.ENROLMENT_CHANGE_CANCEL,
                t,
                obj().put("cancelled_by", roleOf(s.party())),
                s.party());
        case REFRESH -> c.add(ReceiptKind.SHARE_REFRESH, t, obj());
        case LOSS -> c.add(ReceiptKind.FACTOR_LOSS, t, obj().put("factor", "device"));
      }
      List<Receipt> rs = c.receipts();
      try {
        replay.copy().apply(rs.get(rs.size() - 1));
        replay.apply(rs.get(rs.size() - 1));
      } catch (LifecycleViolationException refused) {
        c.removeLast();
      }
    }
    ChainReport report = ChainVerifier.verify(c.receipts(), GROUP.publicKey(), Instant.now());
    assertThat(report.error()).isEmpty();

    // Restated independently: track requests and the tier in force from the receipts alone.
    Tier inForce = start;
    Long requestedAt = null;
    Tier requested = null;
    Tier tierAtRequest = null;
    LifecycleReplay check = new LifecycleReplay();
    boolean changed = false;
    for (Receipt r : c.receipts()) {
      check.apply(r);
      Tier after = check.enrolment().orElseThrow().tier();
      switch (r.kind()) {
        case ENROLMENT_CHANGE_REQUEST -> {
          requestedAt = r.timestamp();
          requested = Tier.fromWireName(r.payload().get("change").get("tier").textValue()).get();
          tierAtRequest = inForce;
        }
        case ENROLMENT_CHANGE_APPLY -> {
          assertThat(requestedAt).as("apply without a pending request").isNotNull();
          assertThat(r.timestamp() - requestedAt)
              .isGreaterThanOrEqualTo(tierAtRequest.cooldownSeconds());
          assertThat(after).isEqualTo(requested);
          if (tierAtRequest.guardianCompletes()) {
            assertThat(r.payload().toString()).contains("\"party\":\"g");
          }
          requestedAt = null;
        }
        case ENROLMENT_CHANGE_CANCEL -> requestedAt = null;
        default -> assertThat(after).as("only an apply changes the tier").isEqualTo(inForce);
      }
      changed |= after != inForce;
      inForce = after;
    }
    Statistics.collect(changed ? "tier changed" : "tier kept");
    // Guard against a generator that never gets a change through (which would prove nothing).
    Statistics.coverage(cov -> cov.check("tier changed").count(n -> n > 0));
  }

  private static String roleOf(String party) {
    return switch (party) {
      case "device" -> "old_device";
      case "bob" -> "recovery_contact";
      default -> "guardian";
    };
  }
}
