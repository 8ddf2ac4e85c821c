package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KeeperRehydratorTest {
  final SecureRandom random = new SecureRandom();
  final FakeKeepers keepers = new FakeKeepers(3);
  final FakeData data = new FakeData();
  final RootKeyCustody custody = FakeData.custody(data, 2, 3);
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(KeeperRehydrator.class);
  List<Shard> expected;

  @BeforeEach
  void attachLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void detachLogs() {
    logger.detachAppender(logs);
    custody.close();
  }

  void installKey() throws Exception {
    RootKey key = RootKey.generate(random);
    expected = Shamir.split(key, ShamirParameters.of(2, 3));
    custody.install(key, "test");
  }

  void seedAllRight() {
    for (Shard s : expected) {
      keepers.values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
      keepers.indexes.put(s.index(), s.index());
    }
  }

  void assertAllRight() {
    for (Shard s : expected) {
      assertThat(keepers.values.get(s.index()))
          .as("keeper %d's value", s.index())
          .isEqualTo(s.revealValue(InsecureSecretAccess.get()));
      assertThat(keepers.indexes.get(s.index())).isEqualTo(s.index());
    }
  }

  List<String> lines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void run_emptyKeepers_sendsEachShardWithTheSplitsCommitments() throws Exception {
    installKey();
    new KeeperRehydrator(keepers, custody).run();
    assertAllRight();
    assertThat(keepers.commitments).containsOnlyKeys(1, 2, 3);
    for (Shard s : expected) {
      assertThat(keepers.commitments.get(s.index()).matches(s)).isTrue();
      assertThat(keepers.commitments.get(s.index()).threshold()).isEqualTo(2);
    }
  }

  @Test
  void run_withoutKey_checksAndSendsNothing() {
    new KeeperRehydrator(keepers, custody).run();
    assertThat(keepers.fetches).isZero();
    assertThat(keepers.contributions).isZero();
  }

  @Test
  void run_everyKeeperRight_fetchesEachAndSendsNothing() throws Exception {
    installKey();
    seedAllRight();
    new KeeperRehydrator(keepers, custody).run();
    assertThat(keepers.fetches).isEqualTo(3);
    assertThat(keepers.contributions).as("no blind push").isZero();
  }

  @Test
  void run_emptyKeepers_seedsEachWithItsShardAndIndex() throws Exception {
    installKey();
    keepers.down.add(2);
    KeeperRehydrator r = new KeeperRehydrator(keepers, custody);
    r.run();
    assertThat(keepers.values).containsOnlyKeys(1, 3);
    keepers.down.clear();
    r.run();
    assertAllRight();
    assertThat(lines()).anyMatch(l -> l.contains("keeper https://keeper-2 was empty"));
  }

  @Test
  void run_keeperHoldsWrongValue_reseedsOnlyItAndNamesItWithoutTheShard() throws Exception {
    installKey();
    seedAllRight();
    byte[] wrong = new byte[32];
    random.nextBytes(wrong);
    wrong[0] = 0x01;
    keepers.values.put(2, wrong);
    new KeeperRehydrator(keepers, custody).run();
    assertAllRight();
    assertThat(keepers.contributions).isEqualTo(1);
    List<String> warned =
        lines().stream().filter(l -> l.contains("WRONG") && l.contains("keeper-2")).toList();
    assertThat(warned).hasSize(1);
    String hex = HexFormat.of().formatHex(expected.get(1).revealValue(InsecureSecretAccess.get()));
    String wrongHex = HexFormat.of().formatHex(wrong);
    assertThat(String.join("\n", lines())).doesNotContain(hex).doesNotContain(wrongHex);
  }

  @Test
  void run_keeperHoldsAnotherPositionsShard_reseedsIt() throws Exception {
    installKey();
    seedAllRight();
    keepers.values.put(1, expected.get(2).revealValue(InsecureSecretAccess.get()));
    keepers.indexes.put(1, 3);
    new KeeperRehydrator(keepers, custody).run();
    assertAllRight();
    assertThat(keepers.contributions).isEqualTo(1);
    assertThat(lines()).anyMatch(l -> l.contains("keeper https://keeper-1 held another"));
  }

  @Test
  void run_sameValueUnderAnotherIndex_isNotTakenForTheRightShard() throws Exception {
    installKey();
    seedAllRight();
    // Keeper 1's own value, but stored under index 2: the index is part of the share.
    keepers.indexes.put(1, 2);
    new KeeperRehydrator(keepers, custody).run();
    assertAllRight();
    assertThat(keepers.contributions).isEqualTo(1);
  }

  @Test
  void retryUnreachable_checksOnlyTheKeepersThatWereDownAndRepairsThem() throws Exception {
    installKey();
    seedAllRight();
    KeeperRehydrator r = new KeeperRehydrator(keepers, custody);
    r.retryUnreachable();
    assertThat(keepers.fetches).as("nothing to retry before any check").isZero();
    keepers.down.add(3);
    r.run();
    int fetches = keepers.fetches;
    keepers.values.remove(3); // restarted empty
    keepers.down.clear();
    r.retryUnreachable();
    assertThat(keepers.fetches - fetches).as("only keeper 3 fetched").isEqualTo(1);
    assertAllRight();
    fetches = keepers.fetches;
    r.retryUnreachable();
    assertThat(keepers.fetches).as("all healthy: no-op").isEqualTo(fetches);
  }
}
