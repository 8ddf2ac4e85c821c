package ist.spike.nexus.snapshot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.SealedRow;
import ist.spike.nexus.store.StoreExport;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The snapshot file format (ADR-0150): a magic line, the key-check value, the sealed rows, an end
 * mark, then the manifest as JSON. The SHA-256 in the manifest covers every byte before it, and
 * every other manifest field repeats something in those bytes, so a reader rebuilds the manifest
 * and refuses a file whose manifest differs in any field.
 *
 * <pre>
 * "SPIKE-SNAPSHOT\n" 0x01
 * 'K' u16 len, key-check bytes
 * 'T' UTF takenAt, 'B' UTF backend
 * 'I' UTF path, u32 len, sealed index          (per secret)
 * 'V' UTF path, u32 version, u32 len, sealed values   (per stored version)
 * 'P' UTF name, u32 len, sealed policy         (per policy)
 * 'E'
 * manifest JSON (UTF-8), u32 length of the JSON   (last, so a reader finds it from the end)
 * </pre>
 */
public final class SnapshotFile {
  /** The format version this code writes and reads. */
  public static final int FORMAT = 1;

  /** Largest sealed field accepted when reading. */
  public static final int MAX_FIELD_BYTES = 16 << 20;

  /** Largest manifest accepted when reading. */
  public static final int MAX_MANIFEST_BYTES = 64 << 10;

  private static final byte[] MAGIC = "SPIKE-SNAPSHOT\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(4096)
                .maxNestingDepth(4)
                .maxDocumentLength(MAX_MANIFEST_BYTES)
                .build());
  }

  private SnapshotFile() {}

  /** A read snapshot: its manifest, key-check value and rows, all checked against each other. */
  public record Contents(SnapshotManifest manifest, byte[] keyCheck, List<SealedRow> rows) {
    /** Copies the components. */
    public Contents {
      requireNonNull(manifest, "manifest");
      keyCheck = keyCheck.clone();
      rows = List.copyOf(rows);
    }

    @Override
    public byte[] keyCheck() {
      return keyCheck.clone();
    }
  }

  /**
   * Writes a snapshot.
   *
   * @param export the rows read from the store
   * @param kind the store's backend
   * @param out where to write; not closed
   * @return the manifest written
   * @throws IOException if writing fails
   */
  public static SnapshotManifest write(StoreExport export, BackendKind kind, OutputStream out)
      throws IOException {
    MessageDigest sha = sha256();
    DataOutputStream data = new DataOutputStream(new DigestOutputStream(nonClosing(out), sha));
    data.write(MAGIC);
    data.writeByte(FORMAT);
    byte[] keyCheck = export.keyCheck();
    data.writeByte('K');
    data.writeShort(keyCheck.length);
    data.write(keyCheck);
    data.writeByte('T');
    data.writeUTF(export.startedAt().toString());
    data.writeByte('B');
    data.writeUTF(kind.wireName());
    long secrets = 0;
    long versions = 0;
    long policies = 0;
    for (SealedRow row : export.rows()) {
      switch (row) {
        case SealedRow.Index i -> {
          data.writeByte('I');
          data.writeUTF(i.path());
          field(data, i.sealed());
          secrets++;
        }
        case SealedRow.Values v -> {
          data.writeByte('V');
          data.writeUTF(v.path());
          data.writeInt(v.version());
          field(data, v.sealed());
          versions++;
        }
        case SealedRow.Policy p -> {
          data.writeByte('P');
          data.writeUTF(p.name());
          field(data, p.sealed());
          policies++;
        }
      }
    }
    data.writeByte('E');
    data.flush();
    SnapshotManifest manifest =
        manifest(
            export.startedAt().toString(),
            kind.wireName(),
            keyCheck,
            new long[] {secrets, versions, policies},
            sha.digest());
    byte[] json = JSON.writeValueAsBytes(manifest);
    DataOutputStream tail = new DataOutputStream(nonClosing(out));
    tail.write(json);
    tail.writeInt(json.length);
    tail.flush();
    return manifest;
  }

  /**
   * Reads and checks a snapshot: the format, every limit, the SHA-256, and that the manifest's
   * counts and key-check value match the rows. Does not open any sealed field (the store does that
   * when restoring).
   *
   * @param in the file; read to its end, not closed
   * @return the contents
   * @throws InvalidSnapshotException if anything does not match
   * @throws IOException if reading fails
   */
  public static Contents read(InputStream in) throws InvalidSnapshotException, IOException {
    MessageDigest sha = sha256();
    DataInputStream data = new DataInputStream(new DigestInputStream(in, sha));
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InvalidSnapshotException("not a SPIKE snapshot file");
      }
      int format = data.readUnsignedByte();
      if (format != FORMAT) {
        throw new InvalidSnapshotException(
            "snapshot format " + format + " is not supported (this Nexus reads " + FORMAT + ")");
      }
      if (data.readUnsignedByte() != 'K') {
        throw new InvalidSnapshotException("the snapshot has no key-check value");
      }
      byte[] keyCheck = new byte[data.readUnsignedShort()];
      data.readFully(keyCheck);
      if (data.readUnsignedByte() != 'T') {
        throw new InvalidSnapshotException("the snapshot has no time");
      }
      String takenAt = data.readUTF();
      if (data.readUnsignedByte() != 'B') {
        throw new InvalidSnapshotException("the snapshot does not name its backend");
      }
      String backend = data.readUTF();
      List<SealedRow> rows = new ArrayList<>();
      long secrets = 0;
      long versions = 0;
      long policies = 0;
      while (true) {
        int tag = data.readUnsignedByte();
        if (tag == 'E') {
          break;
        }
        switch (tag) {
          case 'I' -> {
            rows.add(new SealedRow.Index(data.readUTF(), field(data)));
            secrets++;
          }
          case 'V' -> {
            String path = data.readUTF();
            int version = data.readInt();
            if (version < 1) {
              throw new InvalidSnapshotException("a version row of " + path + " has version < 1");
            }
            rows.add(new SealedRow.Values(path, version, field(data)));
            versions++;
          }
          case 'P' -> {
            rows.add(new SealedRow.Policy(data.readUTF(), field(data)));
            policies++;
          }
          default -> throw new InvalidSnapshotException("unknown row kind " + tag);
        }
      }
      SnapshotManifest expected =
          manifest(
              takenAt, backend, keyCheck, new long[] {secrets, versions, policies}, sha.digest());
      byte[] rest = in.readNBytes(MAX_MANIFEST_BYTES + 5);
      if (rest.length > MAX_MANIFEST_BYTES + 4) {
        throw new InvalidSnapshotException("the manifest is too large or bytes follow it");
      }
      if (rest.length < 6) {
        throw new InvalidSnapshotException("the snapshot is truncated");
      }
      int length = java.nio.ByteBuffer.wrap(rest, rest.length - 4, 4).getInt();
      if (length != rest.length - 4) {
        throw new InvalidSnapshotException(
            "the manifest's length does not match: bytes follow it or are missing");
      }
      byte[] json = Arrays.copyOf(rest, length);
      SnapshotManifest manifest;
      try {
        manifest = JSON.readValue(json, SnapshotManifest.class);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSnapshotException("the manifest is not valid JSON");
      }
      if (!MessageDigest.isEqual(
          expected.sha256().getBytes(StandardCharsets.US_ASCII),
          manifest.sha256().getBytes(StandardCharsets.US_ASCII))) {
        throw new InvalidSnapshotException(
            "the snapshot was altered: its SHA-256 does not match the manifest");
      }
      if (!manifest.equals(expected)) {
        throw new InvalidSnapshotException(
            "the manifest does not match the snapshot's rows (counts, key-check value, time or"
                + " backend)");
      }
      return new Contents(manifest, keyCheck, rows);
    } catch (EOFException e) {
      throw new InvalidSnapshotException("the snapshot is truncated");
    } catch (java.io.UTFDataFormatException e) {
      throw new InvalidSnapshotException("a path or name in the snapshot is not valid text");
    } catch (IllegalArgumentException e) {
      throw new InvalidSnapshotException("the snapshot holds an invalid row");
    }
  }

  private static SnapshotManifest manifest(
      String takenAt, String backend, byte[] keyCheck, long[] counts, byte[] digest) {
    return new SnapshotManifest(
        FORMAT,
        takenAt,
        backend,
        HexFormat.of().formatHex(keyCheck),
        counts[0],
        counts[1],
        counts[2],
        HexFormat.of().formatHex(digest));
  }

  private static void field(DataOutputStream out, byte[] sealed) throws IOException {
    out.writeInt(sealed.length);
    out.write(sealed);
  }

  private static byte[] field(DataInputStream in) throws IOException, InvalidSnapshotException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FIELD_BYTES) {
      throw new InvalidSnapshotException(
          "a sealed field is " + length + " bytes; the most is " + MAX_FIELD_BYTES);
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return b;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** Writes a snapshot to bytes (for tests). */
  static byte[] toBytes(StoreExport export, BackendKind kind) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(export, kind, bytes);
    return bytes.toByteArray();
  }
}
