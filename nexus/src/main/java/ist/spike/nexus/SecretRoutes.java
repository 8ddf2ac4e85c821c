package ist.spike.nexus;

import ist.spike.api.secret.SecretDeleteRequest;
import ist.spike.api.secret.SecretDeleteResponse;
import ist.spike.api.secret.SecretGetRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.api.secret.SecretListRequest;
import ist.spike.api.secret.SecretListResponse;
import ist.spike.api.secret.SecretMetadata;
import ist.spike.api.secret.SecretMetadataRequest;
import ist.spike.api.secret.SecretMetadataResponse;
import ist.spike.api.secret.SecretPutResponse;
import ist.spike.api.secret.SecretUndeleteRequest;
import ist.spike.api.secret.SecretUndeleteResponse;
import ist.spike.api.secret.SecretVersionInfo;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.secret.KvLimits;
import ist.spike.nexus.secret.SecretNotFoundException;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.VersionConflictException;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.VersionState;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotAuthorizedException;
import ist.spike.server.NotFoundException;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The secret routes. Order per SPIKE: parse the body (400), authorize (401), validate (400),
 * operate (404/409/500).
 */
final class SecretRoutes {
  private static final String SECRETS = "/v1/store/secrets";
  private static final String METADATA = "/v1/store/secrets/metadata";

  private final Supplier<SecretService> secrets;
  private final Supplier<DataPlaneAccess> access;

  SecretRoutes(Supplier<SecretService> secrets, Supplier<DataPlaneAccess> access) {
    this.secrets = secrets;
    this.access = access;
  }

  /**
   * Body of a put: SPIKE's fields plus the optional {@code cas} (check-and-set) extension.
   *
   * @param path the secret path
   * @param values the pairs ({@code null} is SPIKE's nil map)
   * @param cas the expected current version, or null
   */
  record PutBody(String path, Map<String, String> values, Integer cas) {
    @Override
    public String toString() {
      return "PutBody[path=" + path + ", values=(redacted), cas=" + cas + "]";
    }
  }

  List<Route> routes() {
    return List.of(
        Route.of(
                SECRETS,
                "",
                Guard.authorizedInHandler("superuser or policy write on path"),
                this::put)
            .withErrorBody(SecretPutResponse::error),
        Route.of(
                SECRETS,
                "get",
                Guard.authorizedInHandler("superuser or policy read on path"),
                this::get)
            .withErrorBody(SecretGetResponse::error),
        Route.of(
                SECRETS,
                "delete",
                Guard.authorizedInHandler("superuser or policy write on path"),
                this::delete)
            .withErrorBody(SecretDeleteResponse::error),
        Route.of(
                SECRETS,
                "undelete",
                Guard.authorizedInHandler("superuser or policy write on path"),
                this::undelete)
            .withErrorBody(SecretUndeleteResponse::error),
        Route.of(SECRETS, "list", listGuard(), this::list).withErrorBody(SecretListResponse::error),
        Route.of(
                METADATA,
                "get",
                Guard.authorizedInHandler("superuser or policy read on path"),
                this::metadata)
            .withErrorBody(SecretMetadataResponse::error));
  }

  private Guard listGuard() {
    return PolicyRoutes.guard(
        "superuser or policy list on spike/system/secret", p -> access.get().mayListSecrets(p));
  }

  private SpikeResponse put(SpikeRequest req) throws Exception {
    PutBody body = req.readJson(PutBody.class);
    String path = body.path() == null ? "" : body.path();
    req.auditResource("path", path);
    if (!access.get().mayWriteSecret(req.peer().toString(), path)) {
      throw new NotAuthorizedException();
    }
    Map<String, String> values = null;
    if (body.values() != null) {
      values = new TreeMap<>();
      for (Map.Entry<String, String> e : body.values().entrySet()) {
        values.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
      }
    }
    OptionalInt cas = body.cas() == null ? OptionalInt.empty() : OptionalInt.of(body.cas());
    try {
      req.auditResource("version", Integer.toString(secrets.get().put(path, values, cas)));
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (VersionConflictException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
    return SpikeResponse.json(SecretPutResponse.success());
  }

  private SpikeResponse get(SpikeRequest req) throws Exception {
    SecretGetRequest body = req.readJson(SecretGetRequest.class);
    audit(req, body.path(), Integer.toString(body.version()));
    authorizeRead(req, body.path());
    try {
      var values = secrets.get().get(body.path(), body.version());
      return SpikeResponse.json(SecretGetResponse.success(values.toNullableMap()));
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
  }

  private SpikeResponse delete(SpikeRequest req) throws Exception {
    SecretDeleteRequest body = req.readJson(SecretDeleteRequest.class);
    audit(req, body.path(), String.valueOf(body.versions()));
    authorizeWrite(req, body.path());
    try {
      secrets.get().delete(body.path(), body.versions());
      return SpikeResponse.json(SecretDeleteResponse.success());
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
  }

  private SpikeResponse undelete(SpikeRequest req) throws Exception {
    SecretUndeleteRequest body = req.readJson(SecretUndeleteRequest.class);
    audit(req, body.path(), String.valueOf(body.versions()));
    authorizeWrite(req, body.path());
    try {
      secrets.get().undelete(body.path(), body.versions());
      return SpikeResponse.json(SecretUndeleteResponse.success());
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
  }

  /** Names the secret path and versions in the request's audit record (never values). */
  private static void audit(SpikeRequest req, String path, String versions) {
    req.auditResource("path", path == null ? "" : path);
    req.auditResource("versions", versions);
  }

  private SpikeResponse list(SpikeRequest req) throws Exception {
    SecretListRequest body = req.readJson(SecretListRequest.class);
    if (!body.paged()) {
      return SpikeResponse.json(SecretListResponse.success(secrets.get().list()));
    }
    req.auditResource("prefix", body.prefix() == null ? "" : body.prefix());
    try {
      SecretService.PathPage page =
          secrets
              .get()
              .list(
                  body.prefix(),
                  body.after(),
                  body.limit() == null ? KvLimits.MAX_PAGE : body.limit());
      return SpikeResponse.json(SecretListResponse.page(page.paths(), page.next().orElse("")));
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private SpikeResponse metadata(SpikeRequest req) throws Exception {
    SecretMetadataRequest body = req.readJson(SecretMetadataRequest.class);
    audit(req, body.path(), Integer.toString(body.version()));
    authorizeRead(req, body.path());
    SecretIndex index;
    try {
      index = secrets.get().metadata(body.path(), body.version());
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
    Map<Integer, SecretVersionInfo> versions = new TreeMap<>();
    for (VersionState v : index.versions().values()) {
      versions.put(
          v.version(),
          SecretVersionInfo.of(
              time(v.createdTime()),
              v.version(),
              v.deletedTime().map(SecretRoutes::time).orElse(null),
              v.destroyed()));
    }
    SecretMetadata meta =
        new SecretMetadata(
            index.currentVersion(),
            index.oldestVersion(),
            time(index.createdTime()),
            time(index.updatedTime()),
            index.maxVersions(),
            index.settings().casRequired(),
            index.settings().versionsExpire()
                ? KvLimits.formatDuration(index.settings().deleteVersionAfter())
                : "",
            index.settings().customMetadata());
    return SpikeResponse.json(SecretMetadataResponse.success(versions, meta));
  }

  private void authorizeRead(SpikeRequest req, String path) throws NotAuthorizedException {
    if (!access.get().mayReadSecret(req.peer().toString(), path == null ? "" : path)) {
      throw new NotAuthorizedException();
    }
  }

  private void authorizeWrite(SpikeRequest req, String path) throws NotAuthorizedException {
    if (!access.get().mayWriteSecret(req.peer().toString(), path == null ? "" : path)) {
      throw new NotAuthorizedException();
    }
  }

  static OffsetDateTime time(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
