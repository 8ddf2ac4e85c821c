package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.VersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The versioning state machine under random operation sequences: invariants that must hold after
 * every step, and the same observable behaviour from the memory and SQLite backends.
 */
final class SecretVersioningPropertiesTest {
  enum Kind {
    PUT,
    DELETE,
    UNDELETE,
    GET
  }

  record Op(Kind kind, List<Integer> versions) {}

  @Provide
  Arbitrary<Op> op() {
    return Combinators.combine(
            Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 12).list().ofMaxSize(3))
        .as(Op::new);
  }

  /** Applies an op; returns an observable outcome (values read or the failure class). */
  static String apply(SecretService s, Op op, int step) {
    try {
      return switch (op.kind()) {
        case PUT -> "put:" + s.put("p", Map.of("k", "v" + step), OptionalInt.empty());
        case DELETE -> {
          s.delete("p", op.versions());
          yield "deleted";
        }
        case UNDELETE -> {
          s.undelete("p", op.versions());
          yield "undeleted";
        }
        case GET -> "get:" + s.get("p", op.versions().isEmpty() ? 0 : op.versions().get(0)).asMap();
      };
    } catch (SecretNotFoundException e) {
      return "404";
    }
  }

  static void checkInvariants(Backend b, int maxVersions, int highestEverPut) {
    Optional<SecretIndex> found = b.loadSecretIndex("p");
    if (found.isEmpty()) {
      return;
    }
    SecretIndex index = found.get();
    assertThat(index.versions().size()).isLessThanOrEqualTo(maxVersions);
    List<Integer> live = new ArrayList<>();
    for (VersionState v : index.versions().values()) {
      if (!v.isDeleted()) {
        live.add(v.version());
      }
      assertThat(b.loadSecretValues("p", v.version())).isPresent();
    }
    int highestLive = live.isEmpty() ? 0 : live.get(live.size() - 1);
    int lowestLive = live.isEmpty() ? 0 : live.get(0);
    assertThat(index.currentVersion())
        .as("current is the highest live version")
        .isEqualTo(highestLive);
    assertThat(index.oldestVersion()).as("oldest is the lowest live version").isEqualTo(lowestLive);
    assertThat(index.versions().lastKey()).isLessThanOrEqualTo(highestEverPut);
  }

  @Property(tries = 200)
  void memory_randomOps_invariantsHold(
      @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 4) int maxVersions) {
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend b =
            BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, Path.of("unused")), key)) {
      SecretService s = new SecretService(b, Clock.systemUTC(), maxVersions);
      int highest = 0;
      Map<Integer, String> written = new HashMap<>();
      for (int i = 0; i < ops.size(); i++) {
        String outcome = apply(s, ops.get(i), i);
        if (outcome.startsWith("put:")) {
          int v = Integer.parseInt(outcome.substring(4));
          assertThat(v).as("versions strictly increase").isGreaterThan(highest);
          highest = v;
          written.put(v, "v" + i);
        }
        if (outcome.startsWith("get:") && !ops.get(i).versions().isEmpty()) {
          int v = ops.get(i).versions().get(0);
          if (v != 0) {
            assertThat(outcome).contains("k=" + written.get(v) + "}");
          }
        }
        checkInvariants(b, maxVersions, highest);
      }
    }
  }

  @Property(tries = 15)
  void sqliteAndMemory_sameOps_sameOutcomes(@ForAll("ops") List<Op> ops) throws Exception {
    Path dir = Files.createTempDirectory("spike-prop");
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend mem = BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, dir), key);
        Backend sql =
            BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("db")), key)) {
      SecretService a = new SecretService(mem, Clock.systemUTC(), 3);
      SecretService b = new SecretService(sql, Clock.systemUTC(), 3);
      for (int i = 0; i < ops.size(); i++) {
        assertThat(apply(b, ops.get(i), i))
            .as("step %d %s", i, ops.get(i))
            .isEqualTo(apply(a, ops.get(i), i));
        Optional<SecretIndex> x = mem.loadSecretIndex("p");
        Optional<SecretIndex> y = sql.loadSecretIndex("p");
        assertThat(y.map(SecretIndex::versions).map(Map::keySet))
            .isEqualTo(x.map(SecretIndex::versions).map(Map::keySet));
        assertThat(y.map(SecretIndex::currentVersion))
            .isEqualTo(x.map(SecretIndex::currentVersion));
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return op().list().ofMinSize(1).ofMaxSize(25);
  }
}
