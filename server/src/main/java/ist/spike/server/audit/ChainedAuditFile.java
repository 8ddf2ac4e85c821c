package ist.spike.server.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.audit.AuditChainFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail in a file: one hash-chained record per line ({@link AuditChainFormat}), the file
 * created 0600. Records are written in groups (ADR 0199): the records that arrive while a group is
 * being written wait, and the next writer seals all of them at once, signing only the group's last
 * record, and writes the group with one {@code write} (to the operating system, not fsynced). A
 * record that arrives alone is its own group, sealed and written by its own thread. {@code append}
 * returns only once its record is written. A restarted server continues the chain after the file's
 * last signed record; a group torn by a crash (a partial line, or records after the last signed
 * one) is cut off first.
 *
 * <p>When a record cannot be written (disk full, file size limit, I/O error) the file is cut back
 * to its last whole record and the record is lost: it is counted ({@link #lostRecords()}, and the
 * {@code onLost} hook), and the next record that can be written is preceded by an {@code
 * audit_records_lost} event with the count. In fail-closed mode ({@code required}), {@link
 * #admits()} is false from a failed write until a write succeeds again.
 */
public final class ChainedAuditFile implements AuditTrail, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainedAuditFile.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = AuditChainFormat.GROUPED;
  private static final long WAKE_UP_BOUND_NANOS = 50_000_000;

  private final Path file;
  private final String instance;
  private final ReceiptSigner signer;
  private final boolean required;
  private final Clock clock;
  private final LongConsumer onLost;
  private final FileChannel channel;
  private final AtomicLong lost = new AtomicLong();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private long seq;
  private String prev;
  private long position;
  private long unreportedLost;
  private volatile boolean failing;

  private ChainedAuditFile(
      Path file,
      String instance,
      ReceiptSigner signer,
      boolean required,
      Clock clock,
      LongConsumer onLost)
      throws IOException {
    this.file = file;
    this.instance = instance;
    this.signer = signer;
    this.required = required;
    this.clock = clock;
    this.onLost = onLost;
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
    resume();
  }

  /**
   * Opens (or creates) the audit file and continues its chain.
   *
   * @param file the file; not null
   * @param instance the writer's name in every record, for example {@code nexus}; not null
   * @param signer the instance's signing key; not null
   * @param required fail-closed mode
   * @param onLost called with 1 for every record that could not be written (for a metric)
   * @return the trail
   * @throws IllegalStateException naming the file if it cannot be opened or its last line is not a
   *     record
   */
  public static ChainedAuditFile open(
      Path file, String instance, ReceiptSigner signer, boolean required, LongConsumer onLost) {
    return open(file, instance, signer, required, onLost, Clock.systemUTC());
  }

  static ChainedAuditFile open(
      Path file,
      String instance,
      ReceiptSigner signer,
      boolean required,
      LongConsumer onLost,
      Clock clock) {
    requireNonNull(file, "file");
    try {
      return new ChainedAuditFile(
          file,
          requireNonNull(instance, "instance"),
          requireNonNull(signer, "signer"),
          required,
          requireNonNull(clock, "clock"),
          requireNonNull(onLost, "onLost"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "the audit file " + file + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /**
   * Finds the last record: its seq and hash continue the chain. A torn tail is cut off: a partial
   * line, then records after the last signed one (a group whose write a crash cut short).
   */
  private void resume() throws IOException {
    int unsignedCut = 0;
    while (true) {
      long size = channel.size();
      if (size == 0) {
        seq = 0;
        prev = AuditChainFormat.GENESIS;
        position = 0;
        return;
      }
      int window = (int) Math.min(size, AuditChainFormat.MAX_LINE_CHARS * 4L + 2);
      ByteBuffer tail = ByteBuffer.allocate(window);
      while (tail.hasRemaining()) {
        if (channel.read(tail, size - window + tail.position()) < 0) {
          throw new IOException("the audit file " + file + " shrank while it was opened");
        }
      }
      byte[] bytes = tail.array();
      int end = bytes.length;
      if (bytes[end - 1] != '\n') {
        // A write cut short by a crash: drop the partial line, as a failed write would have.
        int nl = lastNewline(bytes, end - 1);
        long keep = nl < 0 ? size - window : size - window + nl + 1;
        if (nl < 0 && size > window) {
          throw new IllegalStateException("the audit file " + file + " ends with an overlong line");
        }
        LOG.warn("the audit file {} ended with a partial record; cut at byte {}", file, keep);
        channel.truncate(keep);
        continue;
      }
      int start = lastNewline(bytes, end - 2) + 1;
      if (start == 0 && size > window) {
        throw new IllegalStateException("the audit file " + file + " ends with an overlong line");
      }
      ObjectNode record =
          lastRecord(new String(bytes, start, end - 1 - start, StandardCharsets.UTF_8));
      if (!record.has(AuditChainFormat.SIG)) {
        // Records of a group whose signed record a crash kept from the disk: no signature covers
        // them.
        if (++unsignedCut >= AuditChainFormat.MAX_GROUP_RECORDS) {
          throw new IllegalStateException(
              "the audit file "
                  + file
                  + " ends with more unsigned records than a group holds; check it with `spike"
                  + " audit verify` and move it aside");
        }
        long keep = size - window + start;
        LOG.warn(
            "the audit file {} ended with an unsigned record of a torn group; cut at byte {}",
            file,
            keep);
        channel.truncate(keep);
        continue;
      }
      try {
        seq = record.get(AuditChainFormat.SEQ).longValue() + 1;
        prev = AuditChainFormat.contentHash(record).toHex();
      } catch (ReceiptFormatException e) {
        throw notARecord(e);
      }
      position = size;
      return;
    }
  }

  private ObjectNode lastRecord(String last) {
    try {
      JsonNode node = MAPPER.readTree(last);
      if (!(node instanceof ObjectNode record)
          || !record.path(AuditChainFormat.SEQ).canConvertToLong()) {
        throw notARecord(null);
      }
      return record;
    } catch (IOException e) {
      throw notARecord(e);
    }
  }

  private IllegalStateException notARecord(Exception cause) {
    return new IllegalStateException(
        "the last line of the audit file "
            + file
            + " is not an audit record; check it with `spike audit verify` and move it aside",
        cause);
  }

  private static int lastNewline(byte[] bytes, int from) {
    for (int i = from; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean request(AuditRequest r) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("event", "request");
    fields.put("trail", r.trail());
    fields.put("peer", r.peer());
    fields.put("method", r.method());
    fields.put("route", r.route());
    fields.put("action", r.action());
    fields.put("status", r.status());
    fields.put("outcome", r.err().isEmpty() ? "ok" : r.err());
    fields.put("duration_us", r.durationNanos() / 1000);
    if (!r.resource().isEmpty()) {
      ObjectNode resource = fields.putObject("resource");
      new TreeMap<>(r.resource()).forEach(resource::put);
    }
    return append(fields);
  }

  @Override
  public boolean event(String name, String outcome, Map<String, String> details) {
    requireNonNull(name, "name");
    requireNonNull(outcome, "outcome");
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("event", name);
    fields.put("outcome", outcome);
    if (!details.isEmpty()) {
      ObjectNode d = fields.putObject("details");
      new TreeMap<>(details).forEach(d::put);
    }
    return append(fields);
  }

  @Override
  public boolean admits() {
    return !(required && failing);
  }

  /** Returns how many records could not be written since start. */
  public long lostRecords() {
    return lost.get();
  }

  /** Returns how many records wait for their group to be written (for tests). */
  int queued() {
    return pending.size();
  }

  /** Returns the file. */
  public Path file() {
    return file;
  }

  /** A record waiting for its group, and the thread that waits for it. */
  private static final class Pending {
    private final ObjectNode fields;
    private final Thread waiter = Thread.currentThread();
    private volatile boolean written;
    private volatile boolean done;

    Pending(ObjectNode fields) {
      this.fields = fields;
    }

    /** Marks the record written or lost and wakes its thread if another thread wrote it. */
    void finish(boolean ok) {
      written = ok;
      done = true;
      if (waiter != Thread.currentThread()) {
        LockSupport.unpark(waiter);
      }
    }
  }

  /**
   * Queues the record; the thread that gets the lock writes every queued record as one group (the
   * combiner). A thread that does not get the lock sleeps until a combiner has written its record
   * or until it is woken to become the next combiner, so a record written by another thread is
   * answered at once, without waiting for the lock behind the next group. A lone record gets the
   * lock at once and is written by its own thread.
   */
  private boolean append(ObjectNode fields) {
    Pending mine = new Pending(fields);
    pending.add(mine);
    while (!mine.done) {
      if (lock.tryLock()) {
        try {
          while (!mine.done) {
            writeGroup();
          }
        } finally {
          release();
        }
      } else {
        // Woken by the combiner that writes this record, or by one that leaves it queued when it
        // lets the lock go. The timeout only bounds the cost of a wake-up this reasoning missed.
        LockSupport.parkNanos(this, WAKE_UP_BOUND_NANOS);
      }
    }
    return mine.written;
  }

  /**
   * Lets the lock go, then wakes the thread of the oldest queued record to combine the next group:
   * a record queued while this thread held the lock was not in its group, and its thread may be
   * asleep.
   */
  private void release() {
    lock.unlock();
    Pending next = pending.peek();
    if (next != null) {
      LockSupport.unpark(next.waiter);
    }
  }

  /** Seals and writes the queued records (at most a group's worth). Called under the lock. */
  private void writeGroup() {
    List<Pending> group = new ArrayList<>();
    List<ObjectNode> records = new ArrayList<>();
    boolean notice = unreportedLost > 0;
    if (notice) {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("event", "audit_records_lost");
      n.put("outcome", "failed");
      n.putObject("details").put("count", Long.toString(unreportedLost));
      records.add(n);
    }
    Pending p;
    while (records.size() < AuditChainFormat.MAX_GROUP_RECORDS && (p = pending.poll()) != null) {
      group.add(p);
      records.add(p.fields);
    }
    if (!channel.isOpen()) {
      group.forEach(g -> g.finish(false));
      return;
    }
    int offset = notice ? 1 : 0;
    List<Pending> sealedOnes = new ArrayList<>(group.size());
    List<AuditChainFormat.Linked> linked = new ArrayList<>(records.size());
    long nextSeq = seq;
    String nextPrev = prev;
    for (int i = 0; i < records.size(); i++) {
      ObjectNode fields = records.get(i);
      fields.put("v", VERSION);
      fields.put("instance", instance);
      fields.put("time", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
      try {
        AuditChainFormat.Linked l = AuditChainFormat.link(fields, nextSeq, nextPrev);
        linked.add(l);
        nextSeq++;
        nextPrev = l.hash().toHex();
        if (i >= offset) {
          sealedOnes.add(group.get(i - offset));
        }
      } catch (ReceiptFormatException e) {
        LOG.error("cannot seal an audit record: {}", e.toString());
        if (i < offset) {
          notice = false;
        } else {
          lose(group.get(i - offset));
        }
      }
    }
    if (linked.isEmpty()) {
      return;
    }
    if (!write(linked)) {
      sealedOnes.forEach(this::lose);
      return;
    }
    seq = nextSeq;
    prev = nextPrev;
    if (notice) {
      unreportedLost = 0;
    }
    if (failing) {
      LOG.warn("the audit file {} is writable again", file);
      failing = false;
    }
    for (Pending s : sealedOnes) {
      s.finish(true);
    }
  }

  private void lose(Pending p) {
    lost.incrementAndGet();
    unreportedLost++;
    onLost.accept(1);
    if (!failing) {
      LOG.error("cannot write the audit file {}; records are being lost", file);
    }
    failing = true;
    p.finish(false);
  }

  /** Signs the group's last record and writes the group with one write; cut back if it fails. */
  private boolean write(List<AuditChainFormat.Linked> linked) {
    AuditChainFormat.Sealed last;
    try {
      last = AuditChainFormat.sign(linked.get(linked.size() - 1), signer);
    } catch (GeneralSecurityException e) {
      LOG.error("cannot sign an audit record: {}", e.toString());
      return false;
    }
    byte[] signed = (last.line() + "\n").getBytes(StandardCharsets.UTF_8);
    int length = signed.length;
    List<byte[]> inner = new ArrayList<>(linked.size() - 1);
    for (int i = 0; i < linked.size() - 1; i++) {
      byte[] line = linked.get(i).lineBytes();
      inner.add(line);
      length += line.length + 1;
    }
    ByteBuffer bytes = ByteBuffer.allocate(length);
    for (byte[] line : inner) {
      bytes.put(line).put((byte) '\n');
    }
    bytes.put(signed).flip();
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes, position + bytes.position());
      }
    } catch (IOException e) {
      cutBack(position);
      return false;
    }
    position += length;
    return true;
  }

  private void cutBack(long position) {
    if (position < 0) {
      return;
    }
    try {
      channel.truncate(position);
    } catch (IOException e) {
      LOG.error("cannot cut the audit file {} back to its last record: {}", file, e.toString());
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the audit file {}: {}", file, e.toString());
    } finally {
      release();
    }
  }

  @Override
  public String toString() {
    return "ChainedAuditFile[" + file + "]";
  }
}
