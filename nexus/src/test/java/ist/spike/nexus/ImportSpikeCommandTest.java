package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.migrate.SpikeDbGenerator;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spike-nexus import-spike} end to end on files: recovery files, SPIKE db, our store. */
class ImportSpikeCommandTest {
  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  Path recoveryFiles(String name, RootKey key) throws Exception {
    Path d = Files.createDirectory(dir.resolve(name));
    List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
    for (Shard s : shards.subList(1, 3)) {
      Files.write(
          d.resolve(RecoveryLine.fileName(s.index())),
          RecoveryLine.format(s, InsecureSecretAccess.get()));
    }
    shards.forEach(Shard::close);
    return d;
  }

  int run(Map<String, String> env, String... args) {
    return ImportSpikeCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void run_recoveryFilesOfBothDeployments_importsIntoTheConfiguredStore() throws Exception {
    Map<String, String> env =
        Map.of(
            "SPIKE_NEXUS_BACKEND_STORE",
            "sqlite",
            "SPIKE_NEXUS_DATA_DIR",
            dir.resolve("nexus").toString());
    try (RootKey spike = RootKey.generate(random);
        RootKey ours = RootKey.generate(random)) {
      Path db = dir.resolve("spike.db");
      try (SpikeDbGenerator g = new SpikeDbGenerator(db, spike)) {
        g.put("app/db", Map.of("pass", "x"), Instant.parse("2026-01-01T00:00:00Z"), 10);
        g.policy("p", ".*", ".*", List.of("read"), Instant.parse("2026-01-01T00:00:00Z"));
      }
      Path spikeFiles = recoveryFiles("spike-recovery", spike);
      Path ourFiles = recoveryFiles("our-recovery", ours);
      Path otherFiles;
      try (RootKey other = RootKey.generate(random)) {
        otherFiles = recoveryFiles("other-recovery", other);
      }
      String[] common = {"--db", db.toString(), "--recovery", ourFiles.toString()};

      int wrong = run(env, concat(common, "--spike-recovery", otherFiles.toString()));
      int first = run(env, concat(common, "--spike-recovery", spikeFiles.toString()));
      int second = run(env, concat(common, "--spike-recovery", spikeFiles.toString()));

      assertThat(wrong).isEqualTo(1);
      assertThat(err.toString()).contains("decrypts no row").contains("nothing was written");
      assertThat(first).isZero();
      assertThat(second).isZero();
      assertThat(out.toString())
          .contains("imported 1 secrets (1 versions) and 1 policies")
          .contains(
              "imported 0 secrets (0 versions) and 0 policies; already present unchanged:"
                  + " 1 secrets, 1 policies");
      try (Backend store = NexusMain.activate(BackendConfig.fromEnvironment(env), ours)) {
        assertThat(store.listSecretPaths()).containsExactly("app/db");
      }
    }
  }

  @Test
  void run_spikeKeyFromARestoreSessionOnStdin_imports_andAShortSessionWritesNothing()
      throws Exception {
    Map<String, String> env =
        Map.of(
            "SPIKE_NEXUS_BACKEND_STORE",
            "sqlite",
            "SPIKE_NEXUS_DATA_DIR",
            dir.resolve("nexus").toString());
    try (RootKey spike = RootKey.generate(random);
        RootKey ours = RootKey.generate(random)) {
      Path db = dir.resolve("spike.db");
      try (SpikeDbGenerator g = new SpikeDbGenerator(db, spike)) {
        g.put("app/db", Map.of("pass", "x"), Instant.parse("2026-01-01T00:00:00Z"), 10);
      }
      Path ourFiles = recoveryFiles("our-recovery", ours);
      List<Shard> shards = Shamir.split(spike, ShamirParameters.of(2, 3));
      String one = new String(RecoveryLine.format(shards.get(0), InsecureSecretAccess.get()));
      String three = new String(RecoveryLine.format(shards.get(2), InsecureSecretAccess.get()));
      shards.forEach(Shard::close);
      String[] args = {
        "--db",
        db.toString(),
        "--recovery",
        ourFiles.toString(),
        "--spike-shards-stdin",
        "--spike-threshold",
        "2"
      };

      int shortSession = session(env, one.trim() + "\n", args);
      assertThat(shortSession).isEqualTo(1);
      assertThat(err.toString())
          .contains("Shards collected: 1")
          .contains("ended after 1 of 2 SPIKE shards")
          .doesNotContain(one.trim().substring(10));
      try (Backend store = NexusMain.activate(BackendConfig.fromEnvironment(env), ours)) {
        assertThat(store.listSecretPaths()).isEmpty();
      }

      int full = session(env, one.trim() + "\n" + one.trim() + "\n\n" + three.trim() + "\n", args);
      assertThat(full).as(err.toString()).isZero();
      assertThat(err.toString()).contains("was given already").contains("Shards remaining: 0");
      assertThat(out.toString()).contains("imported 1 secrets (1 versions)");
      try (Backend store = NexusMain.activate(BackendConfig.fromEnvironment(env), ours)) {
        assertThat(store.listSecretPaths()).containsExactly("app/db");
      }
      assertThat(run(env, "--db", db.toString(), "--recovery", ourFiles.toString())).isEqualTo(1);
      assertThat(err.toString()).contains("either --spike-recovery DIR or --spike-shards-stdin");
    }
  }

  int session(Map<String, String> env, String stdin, String... args) {
    return ImportSpikeCommand.run(
        args,
        env,
        new java.io.ByteArrayInputStream(
            stdin.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new PrintWriter(out),
        new PrintWriter(err));
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
