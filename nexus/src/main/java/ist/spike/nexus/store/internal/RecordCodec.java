package ist.spike.nexus.store.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretSettings;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.VersionState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Encodes stored records to bytes before encryption, and back. */
public final class RecordCodec {
  private static final int INDEX_FORMAT_V1 = 1;
  // 2 adds a destroyed flag per version and the secret's settings
  private static final int INDEX_FORMAT = 2;
  private static final int POLICY_FORMAT = 1;
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper = new ObjectMapper(SpikeJson.pooledFactoryBuilder().build());

  /** Encodes a secret index (the path is bound through associated data, not stored). */
  public byte[] encodeIndex(SecretIndex index) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(INDEX_FORMAT);
      out.writeInt(index.currentVersion());
      out.writeInt(index.oldestVersion());
      writeInstant(out, index.createdTime());
      writeInstant(out, index.updatedTime());
      out.writeInt(index.maxVersions());
      out.writeInt(index.versions().size());
      for (VersionState v : index.versions().values()) {
        out.writeInt(v.version());
        writeInstant(out, v.createdTime());
        out.writeBoolean(v.isDeleted());
        if (v.isDeleted()) {
          writeInstant(out, v.deletedTime().orElseThrow());
        }
        out.writeBoolean(v.destroyed());
      }
      SecretSettings settings = index.settings();
      out.writeBoolean(settings.casRequired());
      out.writeLong(settings.deleteVersionAfter().getSeconds());
      out.writeInt(settings.deleteVersionAfter().getNano());
      out.writeInt(settings.customMetadata().size());
      for (Map.Entry<String, String> e : settings.customMetadata().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a secret index. */
  public SecretIndex decodeIndex(String path, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readUnsignedByte();
      if (format != INDEX_FORMAT && format != INDEX_FORMAT_V1) {
        throw new IntegrityException("unknown index format for a secret");
      }
      int current = in.readInt();
      int oldest = in.readInt();
      Instant created = readInstant(in);
      Instant updated = readInstant(in);
      int max = in.readInt();
      int count = in.readInt();
      TreeMap<Integer, VersionState> versions = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        int version = in.readInt();
        Instant vc = readInstant(in);
        Optional<Instant> deleted =
            in.readBoolean() ? Optional.of(readInstant(in)) : Optional.empty();
        boolean destroyed = format != INDEX_FORMAT_V1 && in.readBoolean();
        versions.put(version, new VersionState(version, vc, deleted, destroyed));
      }
      SecretSettings settings = SecretSettings.DEFAULT;
      if (format != INDEX_FORMAT_V1) {
        boolean cas = in.readBoolean();
        Duration dva = Duration.ofSeconds(in.readLong(), in.readInt());
        int n = in.readInt();
        Map<String, String> custom = new TreeMap<>();
        for (int i = 0; i < n; i++) {
          custom.put(in.readUTF(), in.readUTF());
        }
        settings = new SecretSettings(custom, cas, dva);
      }
      return new SecretIndex(path, current, oldest, created, updated, max, versions, settings);
    } catch (IOException | IllegalArgumentException e) {
      throw new IntegrityException("malformed secret index", e);
    }
  }

  /** Encodes secret values as JSON ({@code null} for the JSON-null form). */
  public byte[] encodeValues(SecretValues values) {
    try {
      return mapper.writeValueAsBytes(values.toNullableMap());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes secret values. */
  public SecretValues decodeValues(byte[] bytes) {
    try {
      return SecretValues.of(mapper.readValue(bytes, MAP));
    } catch (IOException | IllegalArgumentException e) {
      throw new IntegrityException("malformed secret values");
    }
  }

  /** Encodes a policy's fields (the name is bound through associated data). */
  public byte[] encodePolicy(PolicyRecord p) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(POLICY_FORMAT);
      out.writeUTF(p.spiffeIdPattern());
      out.writeUTF(p.pathPattern());
      out.writeInt(p.permissions().size());
      for (String perm : p.permissions()) {
        out.writeUTF(perm);
      }
      writeInstant(out, p.createdAt());
      writeInstant(out, p.updatedAt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a policy. */
  public PolicyRecord decodePolicy(String name, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != POLICY_FORMAT) {
        throw new IntegrityException("unknown policy format");
      }
      String id = in.readUTF();
      String path = in.readUTF();
      int n = in.readInt();
      List<String> perms = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        perms.add(in.readUTF());
      }
      return new PolicyRecord(name, id, path, perms, readInstant(in), readInstant(in));
    } catch (IOException | IllegalArgumentException e) {
      throw new IntegrityException("malformed policy", e);
    }
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
