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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail in a file: one signed, hash-chained record per line ({@link AuditChainFormat}),
 * the file created 0600. Records are written, in the order they are sealed, with one {@code write}
 * each (to the operating system, not fsynced). A restarted server continues the chain after the
 * file's last record.
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
  private static final int VERSION = 1;

  private final Path file;
  private final String instance;
  private final ReceiptSigner signer;
  private final boolean required;
  private final Clock clock;
  private final LongConsumer onLost;
  private final FileChannel channel;
  private final AtomicLong lost = new AtomicLong();
  private long seq;
  private String prev;
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

  /** Finds the last record: its seq and hash continue the chain; a torn tail is cut off. */
  private void resume() throws IOException {
    long size = channel.size();
    if (size == 0) {
      seq = 0;
      prev = AuditChainFormat.GENESIS;
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
      if (keep == 0) {
        seq = 0;
        prev = AuditChainFormat.GENESIS;
        return;
      }
      resume();
      return;
    }
    int start = lastNewline(bytes, end - 2) + 1;
    String last = new String(bytes, start, end - 1 - start, StandardCharsets.UTF_8);
    try {
      JsonNode node = MAPPER.readTree(last);
      if (!(node instanceof ObjectNode record)
          || !record.path(AuditChainFormat.SEQ).canConvertToLong()) {
        throw new IllegalStateException("not a record");
      }
      seq = record.get(AuditChainFormat.SEQ).longValue() + 1;
      prev = AuditChainFormat.contentHash(record).toHex();
    } catch (IOException | ReceiptFormatException | IllegalStateException e) {
      throw new IllegalStateException(
          "the last line of the audit file "
              + file
              + " is not an audit record; check it with `spike audit verify` and move it aside",
          e);
    }
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

  /** Returns the file. */
  public Path file() {
    return file;
  }

  private synchronized boolean append(ObjectNode fields) {
    if (!channel.isOpen()) {
      return false;
    }
    if (unreportedLost > 0) {
      ObjectNode notice = JsonNodeFactory.instance.objectNode();
      notice.put("event", "audit_records_lost");
      notice.put("outcome", "failed");
      notice.putObject("details").put("count", Long.toString(unreportedLost));
      if (!write(notice)) {
        return lose();
      }
      unreportedLost = 0;
    }
    return write(fields) || lose();
  }

  private boolean lose() {
    lost.incrementAndGet();
    unreportedLost++;
    onLost.accept(1);
    if (!failing) {
      LOG.error("cannot write the audit file {}; records are being lost", file);
    }
    failing = true;
    return false;
  }

  private boolean write(ObjectNode fields) {
    fields.put("v", VERSION);
    fields.put("instance", instance);
    fields.put("time", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
    AuditChainFormat.Sealed sealed;
    try {
      sealed = AuditChainFormat.seal(fields, seq, prev, signer);
    } catch (ReceiptFormatException | GeneralSecurityException e) {
      LOG.error("cannot seal an audit record: {}", e.toString());
      return false;
    }
    ByteBuffer bytes = ByteBuffer.wrap((sealed.line() + "\n").getBytes(StandardCharsets.UTF_8));
    long position = -1;
    try {
      position = channel.size();
      while (bytes.hasRemaining()) {
        channel.write(bytes, position + bytes.position());
      }
    } catch (IOException e) {
      cutBack(position);
      return false;
    }
    seq++;
    prev = sealed.hash().toHex();
    if (failing) {
      LOG.warn("the audit file {} is writable again", file);
      failing = false;
    }
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
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the audit file {}: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "ChainedAuditFile[" + file + "]";
  }
}
