package ist.spike.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.audit.AuditChainVerifier;
import ist.spike.receipts.audit.AuditKeys;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records written in groups with one signature each (ADR 0199). */
class GroupedAuditFileTest {
  private static final Pattern PATH = Pattern.compile("\"path\":\"([^\"]+)\"");

  @TempDir Path dir;

  /** Signs with the real key, recording the threads that signed; the first call can be held. */
  static final class WatchedSigner implements ReceiptSigner {
    final ReceiptSigner key;
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;

    WatchedSigner(ReceiptSigner key, boolean holdFirst) {
      this.key = key;
      this.release = new CountDownLatch(holdFirst ? 1 : 0);
    }

    @Override
    public byte[] sign(byte[] message) throws GeneralSecurityException {
      threads.add(Thread.currentThread());
      entered.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new GeneralSecurityException("the test never released the signer");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GeneralSecurityException(e);
      }
      return key.sign(message);
    }
  }

  static AuditChainVerifier.Report verify(Path file, AuditKeys keys) throws Exception {
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return AuditChainVerifier.verify(r, keys.publicKey());
    }
  }

  /** Writes one lone record, then a group of three (the records queued while the first signed). */
  static void writeLoneThenGroupOfThree(Path file, AuditKeys keys) throws Exception {
    WatchedSigner signer = new WatchedSigner(keys, true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", signer, false, n -> {})) {
      Future<Boolean> first = pool.submit(() -> audit.request(ChainedAuditFileTest.get("a")));
      assertThat(signer.entered.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Boolean>> rest = new ArrayList<>();
      for (String p : List.of("b", "c", "d")) {
        rest.add(pool.submit(() -> audit.request(ChainedAuditFileTest.get(p))));
        // One at a time, so the queue's order (and so seq) is known.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (audit.queued() < rest.size() && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      }
      assertThat(audit.queued()).isEqualTo(3);
      signer.release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      for (Future<Boolean> f : rest) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(signer.threads).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void request_alone_signedByItselfOnTheCallersThread() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    WatchedSigner signer = new WatchedSigner(keys, false);
    Path file = dir.resolve("audit.jsonl");
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", signer, false, n -> {})) {
      assertThat(audit.request(ChainedAuditFileTest.get("a"))).isTrue();
      // Written before request returned, and signed on this thread: no hand-off.
      assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"sig\":\"");
      assertThat(signer.threads).containsExactly(Thread.currentThread());
      assertThat(audit.request(ChainedAuditFileTest.get("b"))).isTrue();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"sig\":\"").contains("\"v\":2"));
    assertThat(verify(file, keys).records()).isEqualTo(2);
  }

  @Test
  void request_queuedWhileAnotherSigns_writtenAsOneGroupWithOneSignature() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    writeLoneThenGroupOfThree(file, keys);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).contains("\"path\":\"a\"").contains("\"sig\":\"");
    assertThat(lines.get(1)).contains("\"path\":\"b\"").contains("\"seq\":1").doesNotContain("sig");
    assertThat(lines.get(2)).contains("\"path\":\"c\"").doesNotContain("sig");
    assertThat(lines.get(3)).contains("\"path\":\"d\"").contains("\"sig\":\"");
    AuditChainVerifier.Report report = verify(file, keys);
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(4);
  }

  @Test
  void open_groupTornInItsSignedRecord_cutBackToTheLastSignedAndChainContinues() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    writeLoneThenGroupOfThree(file, keys);
    List<String> lines = Files.readAllLines(file);
    long firstLine = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1;
    long size = Files.size(file);
    // A crash in the middle of the group's write: two whole unsigned lines and half the signed one.
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size - lines.get(3).length() / 2);
    }
    assertThat(verify(file, keys).failure()).isPresent();
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      assertThat(Files.size(file)).isEqualTo(firstLine);
      assertThat(audit.request(ChainedAuditFileTest.get("e"))).isTrue();
    }
    AuditChainVerifier.Report report = verify(file, keys);
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(2);
    assertThat(Files.readAllLines(file).get(1)).contains("\"path\":\"e\"").contains("\"seq\":1");
  }

  @Test
  void open_groupTornAfterWholeUnsignedLines_cutBackAndChainContinues() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    writeLoneThenGroupOfThree(file, keys);
    List<String> lines = Files.readAllLines(file);
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size - lines.get(3).getBytes(StandardCharsets.UTF_8).length - 1);
    }
    assertThat(verify(file, keys).failure().orElseThrow().reason()).contains("no signature");
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      assertThat(audit.request(ChainedAuditFileTest.get("e"))).isTrue();
      assertThat(audit.request(ChainedAuditFileTest.get("f"))).isTrue();
    }
    AuditChainVerifier.Report report = verify(file, keys);
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(3);
  }

  @Test
  void request_manyThreadsAtOnce_everyRecordOnceInAChainThatVerifies() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    Path file = dir.resolve("audit.jsonl");
    int threads = 8;
    int each = 150;
    AtomicInteger written = new AtomicInteger();
    List<String> notSeenAfterReturn = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    String path = "t" + id + "/r" + i;
                    if (audit.request(ChainedAuditFileTest.get(path))) {
                      written.incrementAndGet();
                    }
                    if (i % 30 == 0
                        && !Files.readString(file).contains("\"path\":\"" + path + "\"")) {
                      notSeenAfterReturn.add(path);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(written.get()).isEqualTo(threads * each);
    assertThat(notSeenAfterReturn).isEmpty();
    AuditChainVerifier.Report report = verify(file, keys);
    assertThat(report.failure()).isEmpty();
    assertThat(report.records()).isEqualTo(threads * each);
    Set<String> paths = new HashSet<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = PATH.matcher(line);
      assertThat(m.find()).isTrue();
      assertThat(paths.add(m.group(1))).as("recorded once: %s", m.group(1)).isTrue();
    }
    assertThat(paths).hasSize(threads * each);
  }
}
