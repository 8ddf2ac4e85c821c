package ist.spike.nexus;

import ist.spike.api.ErrorCode;
import ist.spike.api.transit.TransitItem;
import ist.spike.api.transit.TransitItemResult;
import ist.spike.api.transit.TransitKeyInfo;
import ist.spike.api.transit.TransitKeyListRequest;
import ist.spike.api.transit.TransitKeyListResponse;
import ist.spike.api.transit.TransitKeyRequest;
import ist.spike.api.transit.TransitKeyResponse;
import ist.spike.api.transit.TransitKeyVersion;
import ist.spike.api.transit.TransitRequest;
import ist.spike.api.transit.TransitResponse;
import ist.spike.crypto.aead.Aad;
import ist.spike.crypto.aead.AesGcmAead;
import ist.spike.crypto.aead.DecryptionFailedException;
import ist.spike.crypto.aead.KeyVersionRetiredException;
import ist.spike.crypto.aead.MalformedTransitCiphertextException;
import ist.spike.crypto.aead.TransitCiphertext;
import ist.spike.crypto.aead.UnknownKeyIdException;
import ist.spike.crypto.aead.VersionedKeyring;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.transit.TransitKeyConflictException;
import ist.spike.nexus.transit.TransitKeyNotFoundException;
import ist.spike.nexus.transit.TransitKeyState;
import ist.spike.nexus.transit.TransitKeys;
import ist.spike.nexus.transit.TransitLimits;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotAuthorizedException;
import ist.spike.server.NotFoundException;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Named transit keys (ADR-0167, ADR-0168): key management under {@code /v1/transit/keys} and
 * encrypt, decrypt and rewrap with a key name, singly or in batches of up to {@value
 * TransitLimits#MAX_BATCH_ITEMS}. Order: limits (413), parse (400), name (400), authorize (401),
 * validate (400), operate (404/409). In a batch each item gets its own result; only a request-wide
 * problem (unknown key, not allowed, too many items) fails the whole request.
 */
final class TransitRoutes {
  private static final String KEYS = "/v1/transit/keys";
  private static final int KEY_BODY_LIMIT = 4096;

  private final Supplier<TransitKeys> keys;
  private final Supplier<DataPlaneAccess> access;
  private final int maxBytes;

  TransitRoutes(Supplier<TransitKeys> keys, Supplier<DataPlaneAccess> access, int maxBytes) {
    this.keys = keys;
    this.access = access;
    this.maxBytes = maxBytes;
  }

  /** Body limit of the data routes: a batch may carry up to 1 MiB, a single item its maximum. */
  long dataBodyLimit() {
    return Math.max(1L << 20, (long) maxBytes * 4 / 3 + 4096);
  }

  List<Route> routes() {
    String manage = "superuser or policy write on spike/system/transit/<name>";
    long data = dataBodyLimit();
    return List.of(
        keyRoute("", manage, this::create),
        keyRoute("get", "superuser or policy read on spike/system/transit/<name>", this::get),
        Route.of(
                KEYS,
                "list",
                PolicyRoutes.guard(
                    "superuser or policy list on spike/system/transit",
                    p -> access.get().mayListTransitKeys(p)),
                this::list)
            .withErrorBody(TransitKeyListResponse::error)
            .withMaxBodyBytes(KEY_BODY_LIMIT),
        keyRoute("rotate", manage, this::rotate),
        keyRoute("config", manage, this::config),
        keyRoute("delete", manage, this::delete),
        dataRoute("/v1/transit/encrypt", data, this::encrypt),
        dataRoute("/v1/transit/decrypt", data, this::decrypt),
        dataRoute("/v1/transit/rewrap", data, this::rewrap));
  }

  private static Route keyRoute(String action, String who, ist.spike.server.RouteHandler h) {
    return Route.of(KEYS, action, Guard.authorizedInHandler(who), h)
        .withErrorBody(TransitKeyResponse::error)
        .withMaxBodyBytes(KEY_BODY_LIMIT);
  }

  private static Route dataRoute(String path, long limit, ist.spike.server.RouteHandler h) {
    return Route.of(
            path,
            "",
            Guard.authorizedInHandler("superuser or policy execute on spike/system/transit/<name>"),
            h)
        .withErrorBody(TransitResponse::error)
        .withMaxBodyBytes(limit);
  }

  // ---- key management

  private interface Check {
    boolean allowed(DataPlaneAccess a, String peer, String name);
  }

  private TransitKeyRequest keyRequest(SpikeRequest req, Check check) throws Exception {
    TransitKeyRequest body = req.readJson(TransitKeyRequest.class);
    String name = validName(body.name());
    req.auditResource("key", name);
    if (!check.allowed(access.get(), req.peer().toString(), name)) {
      throw new NotAuthorizedException();
    }
    return body;
  }

  private SpikeResponse create(SpikeRequest req) throws Exception {
    TransitKeyRequest body = keyRequest(req, DataPlaneAccess::mayManageTransitKey);
    if (body.minDecryptionVersion() != null) {
      throw new BadRequestException("minDecryptionVersion is set with config, not on create");
    }
    return keyOperation(
        () ->
            keys.get()
                .create(body.name(), body.type(), Boolean.TRUE.equals(body.deletionAllowed())));
  }

  private SpikeResponse get(SpikeRequest req) throws Exception {
    TransitKeyRequest body = keyRequest(req, DataPlaneAccess::mayReadTransitKey);
    return keyOperation(() -> keys.get().info(body.name()));
  }

  private SpikeResponse list(SpikeRequest req) throws Exception {
    req.readJson(TransitKeyListRequest.class);
    return SpikeResponse.json(TransitKeyListResponse.success(keys.get().list()));
  }

  private SpikeResponse rotate(SpikeRequest req) throws Exception {
    TransitKeyRequest body = keyRequest(req, DataPlaneAccess::mayManageTransitKey);
    return keyOperation(() -> keys.get().rotate(body.name()));
  }

  private SpikeResponse config(SpikeRequest req) throws Exception {
    TransitKeyRequest body = keyRequest(req, DataPlaneAccess::mayManageTransitKey);
    if (body.minDecryptionVersion() == null && body.deletionAllowed() == null) {
      throw new BadRequestException("config needs minDecryptionVersion or deletionAllowed");
    }
    return keyOperation(
        () ->
            keys.get()
                .configure(
                    body.name(),
                    Optional.ofNullable(body.minDecryptionVersion()),
                    Optional.ofNullable(body.deletionAllowed())));
  }

  private SpikeResponse delete(SpikeRequest req) throws Exception {
    TransitKeyRequest body = keyRequest(req, DataPlaneAccess::mayManageTransitKey);
    return keyOperation(
        () -> {
          keys.get().delete(body.name());
          return null;
        });
  }

  private SpikeResponse keyOperation(Supplier<TransitKeyState> op) throws Exception {
    try {
      TransitKeyState s = op.get();
      return SpikeResponse.json(TransitKeyResponse.success(s == null ? null : info(s)));
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (TransitKeyNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (TransitKeyConflictException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
  }

  private static TransitKeyInfo info(TransitKeyState s) {
    List<TransitKeyVersion> versions = new ArrayList<>();
    for (Map.Entry<Integer, Instant> e : s.versions().entrySet()) {
      versions.add(new TransitKeyVersion(e.getKey(), e.getValue().toString()));
    }
    return new TransitKeyInfo(
        s.name(),
        s.type(),
        s.latestVersion(),
        s.minDecryptionVersion(),
        s.deletionAllowed(),
        versions,
        s.createdTime().toString(),
        s.updatedTime().toString());
  }

  private static String validName(String name) throws BadRequestException {
    try {
      return TransitLimits.name(name);
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  // ---- data operations

  /** One item's work on an open keyring; throws {@link ItemException} for a per-item failure. */
  private interface ItemOp {
    TransitItemResult apply(VersionedKeyring ring, Aad aad, TransitItem item)
        throws GeneralSecurityException, ItemException;
  }

  /** A failure of one item: reported in its result, or as the 400 of a single request. */
  private static final class ItemException extends Exception {
    private static final long serialVersionUID = 1L;

    ItemException(String message) {
      super(message, null, false, false);
    }
  }

  private SpikeResponse encrypt(SpikeRequest req) throws Exception {
    return data(
        req,
        true,
        (ring, aad, item) -> {
          byte[] plain = plaintext(item.plaintext());
          try {
            return new TransitItemResult("", ring.encrypt(plain, aad).format(), "", "");
          } finally {
            Arrays.fill(plain, (byte) 0);
          }
        });
  }

  private SpikeResponse decrypt(SpikeRequest req) throws Exception {
    return data(
        req,
        false,
        (ring, aad, item) -> {
          byte[] plain = open(ring, aad, item.ciphertext());
          try {
            return new TransitItemResult(Base64.getEncoder().encodeToString(plain), "", "", "");
          } finally {
            Arrays.fill(plain, (byte) 0);
          }
        });
  }

  private SpikeResponse rewrap(SpikeRequest req) throws Exception {
    return data(
        req,
        false,
        (ring, aad, item) -> {
          TransitCiphertext ct = parse(item.ciphertext());
          try {
            return new TransitItemResult("", ring.rewrap(ct, aad).format(), "", "");
          } catch (KeyVersionRetiredException e) {
            throw new ItemException(e.getMessage());
          } catch (UnknownKeyIdException e) {
            throw unknownVersion(ring, ct);
          } catch (DecryptionFailedException e) {
            throw new ItemException(DecryptionFailedException.MESSAGE);
          }
        });
  }

  private SpikeResponse data(SpikeRequest req, boolean encrypt, ItemOp op) throws Exception {
    TransitRequest body = req.readJson(TransitRequest.class);
    String name = validName(body.name());
    req.auditResource("key", name);
    List<TransitItem> items;
    boolean batch = body.batch() != null;
    if (batch) {
      if (!body.plaintext().isEmpty() || !body.ciphertext().isEmpty()) {
        throw new BadRequestException("send either batch or a single plaintext/ciphertext");
      }
      items = body.batch();
      if (items.isEmpty() || items.size() > TransitLimits.MAX_BATCH_ITEMS) {
        throw new BadRequestException(
            "batch must hold 1 to "
                + TransitLimits.MAX_BATCH_ITEMS
                + " items; got "
                + items.size());
      }
    } else {
      if (encrypt ? !body.ciphertext().isEmpty() : !body.plaintext().isEmpty()) {
        throw new BadRequestException(
            encrypt ? "encrypt takes plaintext, not ciphertext" : "send ciphertext, not plaintext");
      }
      items = List.of(new TransitItem(body.plaintext(), body.ciphertext()));
    }
    if (!access.get().mayUseTransitKey(req.peer().toString(), name)) {
      throw new NotAuthorizedException();
    }
    Aad aad = TransitKeys.aad(name);
    try {
      List<TransitItemResult> results =
          keys.get()
              .withKeyring(
                  name,
                  ring -> {
                    List<TransitItemResult> out = new ArrayList<>(items.size());
                    for (TransitItem item : items) {
                      try {
                        out.add(op.apply(ring, aad, item));
                      } catch (ItemException e) {
                        out.add(
                            new TransitItemResult(
                                "", "", ErrorCode.BAD_REQUEST.code(), e.getMessage()));
                      }
                    }
                    return out;
                  });
      if (batch) {
        return SpikeResponse.json(TransitResponse.batch(results));
      }
      TransitItemResult only = results.get(0);
      if (only.failed()) {
        throw new BadRequestException(only.message());
      }
      return SpikeResponse.json(TransitResponse.single(only));
    } catch (TransitKeyNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (TransitKeyConflictException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
  }

  private byte[] plaintext(String base64) throws ItemException {
    if ((long) base64.length() > ((long) maxBytes + 2) / 3 * 4) {
      throw new ItemException(tooLarge());
    }
    byte[] plain;
    try {
      plain = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ItemException("plaintext must be base64 (standard alphabet, padded)");
    }
    if (plain.length > maxBytes) {
      Arrays.fill(plain, (byte) 0);
      throw new ItemException(tooLarge());
    }
    return plain;
  }

  private TransitCiphertext parse(String text) throws ItemException {
    if (text.isEmpty()) {
      throw new ItemException("ciphertext must not be empty");
    }
    try {
      return TransitCiphertext.parse(text, maxBytes + AesGcmAead.OVERHEAD);
    } catch (MalformedTransitCiphertextException e) {
      throw new ItemException(e.getMessage());
    }
  }

  private byte[] open(VersionedKeyring ring, Aad aad, String text)
      throws GeneralSecurityException, ItemException {
    TransitCiphertext ct = parse(text);
    try {
      return ring.decrypt(ct, aad);
    } catch (KeyVersionRetiredException e) {
      throw new ItemException(e.getMessage());
    } catch (UnknownKeyIdException e) {
      throw unknownVersion(ring, ct);
    } catch (DecryptionFailedException e) {
      throw new ItemException(DecryptionFailedException.MESSAGE);
    }
  }

  private static ItemException unknownVersion(VersionedKeyring ring, TransitCiphertext ct) {
    return new ItemException(
        "ciphertext names key version "
            + ct.version()
            + ", which this key does not have; its latest version is "
            + ring.latestVersion());
  }

  private String tooLarge() {
    return "plaintext exceeds SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE (" + maxBytes + " bytes)";
  }
}
