package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Keepers' early answers (ADR 0234): each handed out once, the rest zeroed when discarded. */
class EarlyKeeperFetchTest {
  final FakeKeepers fake = new FakeKeepers(3);
  final Recording keepers = new Recording(fake);
  RootKey key;

  @BeforeEach
  void seed() throws Exception {
    key = RootKey.generate(new SecureRandom());
    List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
    for (Shard s : shards) {
      fake.contribute(s.index(), s);
      s.close();
    }
  }

  @AfterEach
  void zero() {
    key.close();
    keepers.handedOut.forEach(ks -> ks.shard().close());
  }

  @Test
  void start_asksTheFirstCountKeepersAtOnce_andHandsEachAnswerOutOnce() throws Exception {
    EarlyKeeperFetch early = EarlyKeeperFetch.start(keepers, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> keepers.handedOut.size() == 2);
    assertThat(fakeFetches()).isEqualTo(2);

    Optional<KeeperShard> first = early.fetch(1);
    assertThat(first).map(ks -> ks.shard().index()).contains(1);
    assertThat(early.fetch(2)).map(ks -> ks.shard().index()).contains(2);
    assertThat(fakeFetches()).as("the early answers, not new calls").isEqualTo(2);
    assertThat(early.holdsAnswers()).isFalse();

    // a second fetch of a position, and a position not asked early, go to the Keeper
    assertThat(early.fetch(1)).map(ks -> ks.shard().index()).contains(1);
    assertThat(early.fetch(3)).map(ks -> ks.shard().index()).contains(3);
    assertThat(fakeFetches()).isEqualTo(4);
  }

  @Test
  void fetch_ofAKeeperThatWasDownEarly_throwsOnce_thenAsksItAgain() throws Exception {
    synchronized (fake) {
      fake.down.add(1);
    }
    EarlyKeeperFetch early = EarlyKeeperFetch.start(keepers, 2);
    assertThatThrownBy(() -> early.fetch(1))
        .isInstanceOf(KeeperUnavailableException.class)
        .hasMessageContaining("keeper 1 is down");
    synchronized (fake) {
      fake.down.remove(1);
    }
    assertThat(early.fetch(1)).map(ks -> ks.shard().index()).contains(1);
  }

  @Test
  void discard_zeroesAnswersThatArrived_andAnswersStillOnTheirWay() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    fake.beforeFetch =
        position -> {
          if (position == 2) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    EarlyKeeperFetch early = EarlyKeeperFetch.start(keepers, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> keepers.handedOut.size() == 1);

    early.discard();
    assertThat(keepers.handedOut.get(0).shard().isClosed()).as("arrived: zeroed now").isTrue();
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> keepers.handedOut.size() == 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(keepers.handedOut.get(1).shard().isClosed())
                    .as("arrived after the discard: zeroed on arrival")
                    .isTrue());
    assertThat(early.holdsAnswers()).isFalse();
    // after a discard every fetch is a new call
    assertThat(early.fetch(1)).map(ks -> ks.shard().isClosed()).contains(false);
    assertThat(fakeFetches()).isEqualTo(3);
  }

  @Test
  void start_asksNoMoreKeepersThanThereAre_andRefusesANegativeCount() {
    EarlyKeeperFetch early = EarlyKeeperFetch.start(keepers, 5);
    await().atMost(Duration.ofSeconds(10)).until(() -> keepers.handedOut.size() == 3);
    assertThat(fakeFetches()).isEqualTo(3);
    early.discard();
    assertThatThrownBy(() -> EarlyKeeperFetch.start(keepers, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contribute_goesToTheKeepers() throws Exception {
    EarlyKeeperFetch early = EarlyKeeperFetch.start(keepers, 0);
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      List<Shard> shards = Shamir.split(other, ShamirParameters.of(2, 3));
      early.contribute(3, shards.get(2));
      early.contribute(2, shards.get(1), FeldmanCommitments.of(other, 2));
      shards.forEach(Shard::close);
    }
    assertThat(fake.contributions).isEqualTo(5);
    assertThat(fake.commitments).containsKey(2);
  }

  private int fakeFetches() {
    synchronized (fake) {
      return fake.fetches;
    }
  }

  /** Keeps every shard the Keepers handed out, to check it was zeroed. */
  private static final class Recording implements KeeperGateway {
    final KeeperGateway keepers;
    final List<KeeperShard> handedOut = new CopyOnWriteArrayList<>();

    Recording(KeeperGateway keepers) {
      this.keepers = keepers;
    }

    @Override
    public int size() {
      return keepers.size();
    }

    @Override
    public String describe(int position) {
      return keepers.describe(position);
    }

    @Override
    public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
      Optional<KeeperShard> answer = keepers.fetch(position);
      answer.ifPresent(handedOut::add);
      return answer;
    }

    @Override
    public void contribute(int position, Shard shard) throws KeeperUnavailableException {
      keepers.contribute(position, shard);
    }

    @Override
    public void contribute(int position, Shard shard, FeldmanCommitments commitments)
        throws KeeperUnavailableException {
      keepers.contribute(position, shard, commitments);
    }
  }
}
