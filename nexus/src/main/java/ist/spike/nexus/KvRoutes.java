package ist.spike.nexus;

import ist.spike.api.secret.SecretDestroyRequest;
import ist.spike.api.secret.SecretDestroyResponse;
import ist.spike.api.secret.SecretMetadataPutRequest;
import ist.spike.api.secret.SecretMetadataPutResponse;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.secret.InvalidInputException;
import ist.spike.nexus.secret.KvLimits;
import ist.spike.nexus.secret.SecretNotFoundException;
import ist.spike.nexus.secret.SecretService;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotAuthorizedException;
import ist.spike.server.NotFoundException;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The KV v2 routes SPIKE does not have: destroy versions and change a secret's settings. Both need
 * {@code write} on the path, like delete. Order as for SPIKE's routes: parse (400), authorize
 * (401), validate (400), operate (404).
 */
final class KvRoutes {
  private static final String SECRETS = "/v1/store/secrets";
  private static final String METADATA = "/v1/store/secrets/metadata";

  private final Supplier<SecretService> secrets;
  private final Supplier<DataPlaneAccess> access;

  KvRoutes(Supplier<SecretService> secrets, Supplier<DataPlaneAccess> access) {
    this.secrets = secrets;
    this.access = access;
  }

  List<Route> routes() {
    return List.of(
        Route.of(
                SECRETS,
                "destroy",
                Guard.authorizedInHandler("superuser or policy write on path"),
                this::destroy)
            .withErrorBody(SecretDestroyResponse::error),
        Route.of(
                METADATA,
                "",
                Guard.authorizedInHandler("superuser or policy write on path"),
                this::putMetadata)
            .withErrorBody(SecretMetadataPutResponse::error));
  }

  private SpikeResponse destroy(SpikeRequest req) throws Exception {
    SecretDestroyRequest body = req.readJson(SecretDestroyRequest.class);
    req.auditResource("path", body.path());
    req.auditResource("versions", String.valueOf(body.versions()));
    authorizeWrite(req, body.path());
    try {
      secrets.get().destroy(body.path(), body.versions());
      return SpikeResponse.json(SecretDestroyResponse.success());
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
  }

  private SpikeResponse putMetadata(SpikeRequest req) throws Exception {
    SecretMetadataPutRequest body = req.readJson(SecretMetadataPutRequest.class);
    req.auditResource("path", body.path());
    authorizeWrite(req, body.path());
    try {
      SecretService.SettingsChange change =
          new SecretService.SettingsChange(
              body.maxVersions() == null ? OptionalInt.empty() : OptionalInt.of(body.maxVersions()),
              Optional.ofNullable(body.casRequired()),
              // Go-style decoding turns an absent string into ""
              Optional.ofNullable(body.deleteVersionAfter())
                  .filter(s -> !s.isEmpty())
                  .map(KvLimits::deleteVersionAfter),
              Optional.ofNullable(body.customMetadata()));
      secrets.get().updateSettings(body.path(), change);
      return SpikeResponse.json(SecretMetadataPutResponse.success());
    } catch (InvalidInputException e) {
      throw new BadRequestException(e.getMessage());
    } catch (SecretNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
  }

  private void authorizeWrite(SpikeRequest req, String path) throws NotAuthorizedException {
    if (!access.get().mayWriteSecret(req.peer().toString(), path)) {
      throw new NotAuthorizedException();
    }
  }
}
