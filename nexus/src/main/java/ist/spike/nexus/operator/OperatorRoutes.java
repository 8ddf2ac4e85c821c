package ist.spike.nexus.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;
import ist.spike.api.bootstrap.BootstrapStatusRequest;
import ist.spike.api.bootstrap.BootstrapVerifyRequest;
import ist.spike.api.bootstrap.BootstrapVerifyResponse;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.RecoverRequest;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RestoreRequest;
import ist.spike.api.operator.RestoreResponse;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.BootstrapApi;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.observe.NexusEvents;
import ist.spike.nexus.rootkey.AttemptLimiter;
import ist.spike.nexus.rootkey.RestoreProgress;
import ist.spike.nexus.rootkey.RestoreRateLimitedException;
import ist.spike.nexus.rootkey.RestoreRefusedException;
import ist.spike.nexus.rootkey.RestoreSession;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rotation.Rotation;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.InternalErrorException;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import ist.spike.server.TooManyRequestsException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nexus's root-key routes: SPIKE's {@code /v1/operator/recover} (recover role), {@code
 * /v1/operator/restore} (restore role) and {@code /v1/bootstrap/verify} (Bootstrap), plus {@code
 * /v1/bootstrap/status} (Bootstrap; ours). Bodies are limited to 8 KiB (65 KiB for verify).
 */
public final class OperatorRoutes {
  /** Paths served before Nexus holds its root key. */
  public static final List<String> EMERGENCY_PATHS =
      List.of("/v1/operator/recover", "/v1/operator/restore", BootstrapApi.STATUS_PATH);

  static final long MAX_BODY = 8192;
  static final int MAX_CIPHERTEXT = 65536;
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRoutes.class);

  private final SpikeRoles roles;
  private final Optional<RootKeyCustody> custody;
  private final RestoreSession<Shard> session;
  private final AttemptLimiter restoreLimiter;
  private final int maxShareCount;
  private final BooleanSupplier dataInitialized;
  private final Predicate<String> bootstrapClaim;
  private final NexusEvents events;
  private final Supplier<Optional<Rotation>> rotation;
  private final SpikeJson json = SpikeJson.create();

  /**
   * @param roles trust roots
   * @param custody the root key; empty for the memory backend (no custody, as SPIKE)
   * @param session the restore session (ignored when custody is empty)
   * @param restoreLimiter limits restore attempts
   * @param maxShareCount SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT
   * @param dataInitialized whether the store holds a key-check value or data
   */
  public OperatorRoutes(
      SpikeRoles roles,
      Optional<RootKeyCustody> custody,
      RestoreSession<Shard> session,
      AttemptLimiter restoreLimiter,
      int maxShareCount,
      BooleanSupplier dataInitialized) {
    this(
        roles,
        custody,
        session,
        restoreLimiter,
        maxShareCount,
        dataInitialized,
        token -> true,
        NexusEvents.NONE);
  }

  /**
   * @param roles trust roots
   * @param custody the root key; empty for the memory backend (no custody, as SPIKE)
   * @param session the restore session (ignored when custody is empty)
   * @param restoreLimiter limits restore attempts
   * @param maxShareCount SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT
   * @param dataInitialized whether the store holds a key-check value or data
   * @param bootstrapClaim records a Bootstrap run's claim token; true if that run holds the claim
   * @param events where restore and recover events go
   */
  public OperatorRoutes(
      SpikeRoles roles,
      Optional<RootKeyCustody> custody,
      RestoreSession<Shard> session,
      AttemptLimiter restoreLimiter,
      int maxShareCount,
      BooleanSupplier dataInitialized,
      Predicate<String> bootstrapClaim,
      NexusEvents events) {
    this(
        roles,
        custody,
        session,
        restoreLimiter,
        maxShareCount,
        dataInitialized,
        bootstrapClaim,
        events,
        Optional::empty);
  }

  /**
   * @param roles trust roots
   * @param custody the root key; empty for the memory backend (no custody, as SPIKE)
   * @param session the restore session (ignored when custody is empty)
   * @param restoreLimiter limits restore attempts
   * @param maxShareCount SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT
   * @param dataInitialized whether the store holds a key-check value or data
   * @param bootstrapClaim records a Bootstrap run's claim token; true if that run holds the claim
   * @param events where restore and recover events go
   * @param rotation the unfinished root-key rotation, if any: recover is refused (409) while one
   *     is, since it would hand out shards of the key being replaced (ADR-0162)
   */
  public OperatorRoutes(
      SpikeRoles roles,
      Optional<RootKeyCustody> custody,
      RestoreSession<Shard> session,
      AttemptLimiter restoreLimiter,
      int maxShareCount,
      BooleanSupplier dataInitialized,
      Predicate<String> bootstrapClaim,
      NexusEvents events,
      Supplier<Optional<Rotation>> rotation) {
    this.rotation = requireNonNull(rotation, "rotation");
    this.bootstrapClaim = requireNonNull(bootstrapClaim, "bootstrapClaim");
    this.events = requireNonNull(events, "events");
    this.roles = requireNonNull(roles, "roles");
    this.custody = requireNonNull(custody, "custody");
    this.session = requireNonNull(session, "session");
    this.restoreLimiter = requireNonNull(restoreLimiter, "restoreLimiter");
    this.maxShareCount = maxShareCount;
    this.dataInitialized = requireNonNull(dataInitialized, "dataInitialized");
  }

  /** Adds the routes to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return table
        .add(
            Route.of(
                    "/v1/operator/recover",
                    "",
                    Guard.roles(roles, SpikeRole.PILOT_RECOVER),
                    this::recover)
                .withErrorBody(RecoverResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .add(
            Route.of(
                    "/v1/operator/restore",
                    "",
                    Guard.roles(roles, SpikeRole.PILOT_RESTORE),
                    this::restore)
                .withErrorBody(RestoreResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .add(
            Route.of(
                    "/v1/bootstrap/verify",
                    "",
                    Guard.roles(roles, SpikeRole.BOOTSTRAP),
                    this::verify)
                .withErrorBody(BootstrapVerifyResponse::error)
                .withMaxBodyBytes(4L * MAX_CIPHERTEXT))
        .add(
            Route.of(
                    BootstrapApi.STATUS_PATH,
                    "",
                    Guard.roles(roles, SpikeRole.BOOTSTRAP),
                    this::status)
                .withMaxBodyBytes(MAX_BODY));
  }

  SpikeResponse recover(SpikeRequest req) throws Exception {
    req.readJson(RecoverRequest.class);
    RootKeyCustody c =
        custody.orElseThrow(
            () -> new BadRequestException("the memory backend keeps no root key to recover"));
    Optional<Rotation> unfinished = rotation.get();
    if (unfinished.isPresent()) {
      return SpikeResponse.conflict(recoverRefused(unfinished.get()));
    }
    Optional<List<Shard>> shards = c.withKey(k -> Shamir.split(k, c.parameters()));
    if (shards.isEmpty()) {
      throw new InternalErrorException("Nexus holds no root key yet; restore it first");
    }
    Map<Integer, byte[]> values = new TreeMap<>();
    try {
      for (Shard s : shards.get()) {
        values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
      }
    } catch (RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, (byte) 0));
      throw e;
    } finally {
      shards.get().forEach(Shard::close);
    }
    LOG.warn("recovery shards handed to {} ({} shards)", req.peer(), values.size());
    events.recoverHandedOut(req.peer().toString(), values.size());
    try (RecoverResponse body = RecoverResponse.success(values)) {
      // Encoded here so every shard holder is zeroed now; the server zeroes the bytes after
      // writing.
      return SpikeResponse.bytes(200, "application/json", json.encode(body));
    }
  }

  /** The 409 message of a recover asked for during a rotation: what to wait for, then redo. */
  static String recoverRefused(Rotation r) {
    return "a root-key rotation to generation "
        + r.to()
        + " is in phase "
        + r.phase().name().toLowerCase(Locale.ROOT)
        + ": recovery shards taken now would belong to the key it replaces; wait until `spike"
        + " operator rotate --status` says done, then run `spike operator recover` again";
  }

  SpikeResponse restore(SpikeRequest req) throws Exception {
    try {
      restoreLimiter.acquire();
    } catch (RestoreRateLimitedException e) {
      events.restoreShard(false, 0, 0, 0, "rate limited");
      throw new TooManyRequestsException(e.getMessage());
    }
    if (custody.isEmpty()) {
      req.readJson(RestoreRequest.class).close();
      throw new BadRequestException("the memory backend keeps no root key to restore");
    }
    Shard shard;
    try (RestoreRequest in = req.readJson(RestoreRequest.class)) {
      req.auditResource("shard_id", Integer.toString(in.id()));
      if (in.id() < 1 || in.id() > maxShareCount) {
        events.restoreShard(false, in.id(), 0, 0, "id out of range");
        throw new BadRequestException("id must be between 1 and " + maxShareCount);
      }
      if (in.shard() == null) {
        events.restoreShard(false, in.id(), 0, 0, "missing shard");
        throw new BadRequestException(
            "shard is missing: send it as an array of exactly 32 numbers 0..255");
      }
      if (in.shard().length != ShardArray.SIZE) {
        events.restoreShard(false, in.id(), 0, 0, "wrong shard length");
        throw new BadRequestException(
            "shard must be exactly "
                + ShardArray.SIZE
                + " numbers 0..255, got "
                + in.shard().length);
      }
      if (ShardArray.isAllZero(in.shard())) {
        events.restoreShard(false, in.id(), 0, 0, "all-zero shard");
        throw new BadRequestException("shard must not be all zeros");
      }
      try (SecretBytes raw = SecretBytes.copyOf(in.shard(), InsecureSecretAccess.get())) {
        shard = Shard.of(in.id(), raw);
      } catch (InvalidShardException e) {
        events.restoreShard(false, in.id(), 0, 0, "invalid shard");
        throw new BadRequestException("invalid shard " + in.id() + ": " + e.getMessage());
      }
    }
    RestoreProgress p;
    int id = shard.index();
    try {
      p = session.submit(shard);
    } catch (RestoreRefusedException e) {
      RestoreProgress now = session.progress();
      events.restoreShard(false, id, now.collected(), now.remaining(), e.getMessage());
      throw new BadRequestException(e.getMessage());
    }
    if (p.ignored()) {
      events.restoreShard(false, id, p.collected(), p.remaining(), "already restored");
      LOG.info(
          "restore: shard {} from {} ignored: Nexus already holds its root key (the shard was"
              + " discarded unused)",
          shard.index(),
          req.peer());
      return SpikeResponse.json(RestoreResponse.ignoredAlreadyRestored());
    }
    events.restoreShard(true, id, p.collected(), p.remaining(), "");
    LOG.info(
        "restore: shard {} accepted from {} (collected {}, remaining {}, restored {})",
        shard.index(),
        req.peer(),
        p.collected(),
        p.remaining(),
        p.restored());
    return SpikeResponse.json(RestoreResponse.success(p.collected(), p.remaining(), p.restored()));
  }

  SpikeResponse verify(SpikeRequest req) throws Exception {
    BootstrapVerifyRequest in = req.readJson(BootstrapVerifyRequest.class);
    byte[] nonce = in.nonce();
    byte[] ciphertext = in.ciphertext();
    if (nonce == null || nonce.length != SpikeCompatCipher.NONCE_SIZE) {
      throw new BadRequestException("nonce must be 12 bytes");
    }
    if (ciphertext == null || ciphertext.length > MAX_CIPHERTEXT) {
      throw new BadRequestException("ciphertext must be at most " + MAX_CIPHERTEXT + " bytes");
    }
    RootKeyCustody c =
        custody.orElseThrow(() -> new BadRequestException("the memory backend keeps no root key"));
    Optional<byte[]> plaintext =
        c.withKey(
            k -> {
              try (SpikeCompatCipher cipher = SpikeCompatCipher.create(k)) {
                return cipher.open(nonce, ciphertext);
              } catch (GeneralSecurityException e) {
                return null;
              }
            });
    if (plaintext.isEmpty()) {
      throw new InternalErrorException();
    }
    try {
      return SpikeResponse.json(BootstrapVerifyResponse.success(sha256Hex(plaintext.get())));
    } finally {
      Arrays.fill(plaintext.get(), (byte) 0);
    }
  }

  SpikeResponse status(SpikeRequest req) throws Exception {
    BootstrapStatusRequest body = req.readJson(BootstrapStatusRequest.class);
    if (!body.claimWellFormed()) {
      throw new BadRequestException("claim must be 32 lower-case hex digits, or absent");
    }
    boolean ready = custody.map(RootKeyCustody::isReady).orElse(true);
    boolean initialized = ready || dataInitialized.getAsBoolean();
    // An initialized cluster is keyed already: no run may claim it (a restarted run finds it done).
    boolean claimed = body.claim().isEmpty() || (!initialized && bootstrapClaim.test(body.claim()));
    return SpikeResponse.json(new BootstrapApi.Status(initialized, ready, claimed));
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
