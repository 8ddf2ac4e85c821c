package ist.spike.api;

import static java.util.Objects.requireNonNull;

import ist.spike.api.bootstrap.BootstrapVerifyRequest;
import ist.spike.api.bootstrap.BootstrapVerifyResponse;
import ist.spike.api.cipher.CipherDecryptRequest;
import ist.spike.api.cipher.CipherDecryptResponse;
import ist.spike.api.cipher.CipherEncryptRequest;
import ist.spike.api.cipher.CipherEncryptResponse;
import ist.spike.api.keeper.ShardGetRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.api.operator.CommitmentsRequest;
import ist.spike.api.operator.CommitmentsResponse;
import ist.spike.api.operator.RecoverRequest;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RekeyRequest;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.api.operator.RestoreRequest;
import ist.spike.api.operator.RestoreResponse;
import ist.spike.api.operator.RotateRequest;
import ist.spike.api.operator.RotateResponse;
import ist.spike.api.policy.PolicyDeleteRequest;
import ist.spike.api.policy.PolicyDeleteResponse;
import ist.spike.api.policy.PolicyListRequest;
import ist.spike.api.policy.PolicyListResponse;
import ist.spike.api.policy.PolicyPutRequest;
import ist.spike.api.policy.PolicyPutResponse;
import ist.spike.api.policy.PolicyReadRequest;
import ist.spike.api.policy.PolicyReadResponse;
import ist.spike.api.secret.SecretDeleteRequest;
import ist.spike.api.secret.SecretDeleteResponse;
import ist.spike.api.secret.SecretDestroyRequest;
import ist.spike.api.secret.SecretDestroyResponse;
import ist.spike.api.secret.SecretGetRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.api.secret.SecretListRequest;
import ist.spike.api.secret.SecretListResponse;
import ist.spike.api.secret.SecretMetadataPutRequest;
import ist.spike.api.secret.SecretMetadataPutResponse;
import ist.spike.api.secret.SecretMetadataRequest;
import ist.spike.api.secret.SecretMetadataResponse;
import ist.spike.api.secret.SecretPutRequest;
import ist.spike.api.secret.SecretPutResponse;
import ist.spike.api.secret.SecretUndeleteRequest;
import ist.spike.api.secret.SecretUndeleteResponse;
import ist.spike.api.transit.TransitKeyListRequest;
import ist.spike.api.transit.TransitKeyListResponse;
import ist.spike.api.transit.TransitKeyRequest;
import ist.spike.api.transit.TransitKeyResponse;
import ist.spike.api.transit.TransitRequest;
import ist.spike.api.transit.TransitResponse;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every SPIKE route: the server that serves it, its path, its {@code action} query value (absent
 * for the default operation), and its request and response records. All routes are {@code POST}.
 */
public enum Route {
  /** Create a new version of a secret. */
  SECRET_PUT(
      Server.NEXUS,
      "/v1/store/secrets",
      null,
      SecretPutRequest.class,
      SecretPutResponse.class,
      SecretPutResponse::error),
  /** Read a secret version. */
  SECRET_GET(
      Server.NEXUS,
      "/v1/store/secrets",
      "get",
      SecretGetRequest.class,
      SecretGetResponse.class,
      SecretGetResponse::error),
  /** Soft-delete secret versions. */
  SECRET_DELETE(
      Server.NEXUS,
      "/v1/store/secrets",
      "delete",
      SecretDeleteRequest.class,
      SecretDeleteResponse.class,
      SecretDeleteResponse::error),
  /** Restore soft-deleted versions. */
  SECRET_UNDELETE(
      Server.NEXUS,
      "/v1/store/secrets",
      "undelete",
      SecretUndeleteRequest.class,
      SecretUndeleteResponse.class,
      SecretUndeleteResponse::error),
  /** Destroy secret versions for good (extension). */
  SECRET_DESTROY(
      Server.NEXUS,
      "/v1/store/secrets",
      "destroy",
      SecretDestroyRequest.class,
      SecretDestroyResponse.class,
      SecretDestroyResponse::error),
  /** List secret paths. */
  SECRET_LIST(
      Server.NEXUS,
      "/v1/store/secrets",
      "list",
      SecretListRequest.class,
      SecretListResponse.class,
      SecretListResponse::error),
  /** Read a secret's metadata. */
  SECRET_METADATA_GET(
      Server.NEXUS,
      "/v1/store/secrets/metadata",
      "get",
      SecretMetadataRequest.class,
      SecretMetadataResponse.class,
      SecretMetadataResponse::error),
  /** Change a secret's settings and custom metadata (extension). */
  SECRET_METADATA_PUT(
      Server.NEXUS,
      "/v1/store/secrets/metadata",
      null,
      SecretMetadataPutRequest.class,
      SecretMetadataPutResponse.class,
      SecretMetadataPutResponse::error),
  /** Create or update a policy. */
  POLICY_PUT(
      Server.NEXUS,
      "/v1/acl/policy",
      null,
      PolicyPutRequest.class,
      PolicyPutResponse.class,
      PolicyPutResponse::error),
  /** Read a policy by name. */
  POLICY_GET(
      Server.NEXUS,
      "/v1/acl/policy",
      "get",
      PolicyReadRequest.class,
      PolicyReadResponse.class,
      PolicyReadResponse::error),
  /** Delete a policy by name. */
  POLICY_DELETE(
      Server.NEXUS,
      "/v1/acl/policy",
      "delete",
      PolicyDeleteRequest.class,
      PolicyDeleteResponse.class,
      PolicyDeleteResponse::error),
  /** List policies. */
  POLICY_LIST(
      Server.NEXUS,
      "/v1/acl/policy",
      "list",
      PolicyListRequest.class,
      PolicyListResponse.class,
      PolicyListResponse::error),
  /** Export all shards (Pilot recover role only). */
  OPERATOR_RECOVER(
      Server.NEXUS,
      "/v1/operator/recover",
      null,
      RecoverRequest.class,
      RecoverResponse.class,
      RecoverResponse::error),
  /** Submit one shard (Pilot restore role only). */
  OPERATOR_RESTORE(
      Server.NEXUS,
      "/v1/operator/restore",
      null,
      RestoreRequest.class,
      RestoreResponse.class,
      RestoreResponse::error),
  /** Read the Feldman commitments of the root key's split (our extension; read-only). */
  OPERATOR_COMMITMENTS(
      Server.NEXUS,
      "/v1/operator/commitments",
      null,
      CommitmentsRequest.class,
      CommitmentsResponse.class,
      CommitmentsResponse::error),
  /** Start a root-key rotation (our extension, ADR-0162; Pilot superuser). */
  OPERATOR_ROTATE(
      Server.NEXUS,
      "/v1/operator/rotate",
      null,
      RotateRequest.class,
      RotateResponse.class,
      RotateResponse::error),
  /** Read the progress of root-key rotation (our extension, ADR-0162; Pilot superuser). */
  OPERATOR_ROTATE_STATUS(
      Server.NEXUS,
      "/v1/operator/rotate",
      "status",
      RotateRequest.class,
      RotateResponse.class,
      RotateResponse::error),
  /** Encrypt with the root key (JSON or octet-stream mode). */
  CIPHER_ENCRYPT(
      Server.NEXUS,
      "/v1/cipher/encrypt",
      null,
      CipherEncryptRequest.class,
      CipherEncryptResponse.class,
      CipherEncryptResponse::error),
  /** Decrypt with the root key (JSON or octet-stream mode). */
  CIPHER_DECRYPT(
      Server.NEXUS,
      "/v1/cipher/decrypt",
      null,
      CipherDecryptRequest.class,
      CipherDecryptResponse.class,
      CipherDecryptResponse::error),
  /** Create a named transit key (our extension). */
  TRANSIT_KEY_CREATE(
      Server.NEXUS,
      "/v1/transit/keys",
      null,
      TransitKeyRequest.class,
      TransitKeyResponse.class,
      TransitKeyResponse::error),
  /** Describe a transit key and its versions, never its bytes (our extension). */
  TRANSIT_KEY_GET(
      Server.NEXUS,
      "/v1/transit/keys",
      "get",
      TransitKeyRequest.class,
      TransitKeyResponse.class,
      TransitKeyResponse::error),
  /** List transit key names (our extension). */
  TRANSIT_KEY_LIST(
      Server.NEXUS,
      "/v1/transit/keys",
      "list",
      TransitKeyListRequest.class,
      TransitKeyListResponse.class,
      TransitKeyListResponse::error),
  /** Add a new latest version to a transit key (our extension). */
  TRANSIT_KEY_ROTATE(
      Server.NEXUS,
      "/v1/transit/keys",
      "rotate",
      TransitKeyRequest.class,
      TransitKeyResponse.class,
      TransitKeyResponse::error),
  /** Set a transit key's minimum decryption version or deletion flag (our extension). */
  TRANSIT_KEY_CONFIG(
      Server.NEXUS,
      "/v1/transit/keys",
      "config",
      TransitKeyRequest.class,
      TransitKeyResponse.class,
      TransitKeyResponse::error),
  /** Delete a transit key whose deletion is allowed (our extension). */
  TRANSIT_KEY_DELETE(
      Server.NEXUS,
      "/v1/transit/keys",
      "delete",
      TransitKeyRequest.class,
      TransitKeyResponse.class,
      TransitKeyResponse::error),
  /** Encrypt with a named transit key, singly or in a batch (our extension). */
  TRANSIT_ENCRYPT(
      Server.NEXUS,
      "/v1/transit/encrypt",
      null,
      TransitRequest.class,
      TransitResponse.class,
      TransitResponse::error),
  /** Decrypt with a named transit key, singly or in a batch (our extension). */
  TRANSIT_DECRYPT(
      Server.NEXUS,
      "/v1/transit/decrypt",
      null,
      TransitRequest.class,
      TransitResponse.class,
      TransitResponse::error),
  /** Re-encrypt under a key's latest version without returning plaintext (our extension). */
  TRANSIT_REWRAP(
      Server.NEXUS,
      "/v1/transit/rewrap",
      null,
      TransitRequest.class,
      TransitResponse.class,
      TransitResponse::error),
  /** Prove to Bootstrap that Nexus holds the root key. */
  BOOTSTRAP_VERIFY(
      Server.NEXUS,
      "/v1/bootstrap/verify",
      null,
      BootstrapVerifyRequest.class,
      BootstrapVerifyResponse.class,
      BootstrapVerifyResponse::error),
  /** Give a Keeper its shard (Nexus or Bootstrap). */
  KEEPER_CONTRIBUTE(
      Server.KEEPER,
      "/v1/store/contribute",
      null,
      ShardPutRequest.class,
      ShardPutResponse.class,
      ShardPutResponse::error),
  /** Fetch a Keeper's shard (Nexus only). */
  KEEPER_SHARD(
      Server.KEEPER,
      "/v1/store/shard",
      null,
      ShardGetRequest.class,
      ShardGetResponse.class,
      ShardGetResponse::error),
  // appended, so that fuzz seeds that pick a route by ordinal keep their route
  /** Re-split the root key to the configured Keepers (our extension, ADR-0163; superuser). */
  OPERATOR_REKEY(
      Server.NEXUS,
      "/v1/operator/rekey",
      null,
      RekeyRequest.class,
      RekeyResponse.class,
      RekeyResponse::error),
  /** Read the split in force and the last rekey (our extension, ADR-0163; superuser). */
  OPERATOR_REKEY_STATUS(
      Server.NEXUS,
      "/v1/operator/rekey",
      "status",
      RotateRequest.class,
      RekeyResponse.class,
      RekeyResponse::error);

  /** Which process serves a route. */
  public enum Server {
    /** SPIKE Nexus. */
    NEXUS,
    /** SPIKE Keeper. */
    KEEPER
  }

  /** The query parameter that selects the operation. */
  public static final String ACTION_PARAMETER = "action";

  /** The only HTTP method SPIKE uses. */
  public static final String METHOD = "POST";

  private final Server server;
  private final String path;
  private final String action;
  private final Class<?> requestType;
  private final Class<? extends SpikeResponse> responseType;
  private final Function<ErrorCode, ? extends SpikeResponse> errorBody;

  Route(
      Server server,
      String path,
      String action,
      Class<?> requestType,
      Class<? extends SpikeResponse> responseType,
      Function<ErrorCode, ? extends SpikeResponse> errorBody) {
    this.server = server;
    this.path = path;
    this.action = action;
    this.requestType = requestType;
    this.responseType = responseType;
    this.errorBody = errorBody;
  }

  /** Returns the server that serves this route. */
  public Server server() {
    return server;
  }

  /** Returns the URL path, for example {@code /v1/store/secrets}. */
  public String path() {
    return path;
  }

  /** Returns the {@code action} query value, or empty for the default operation. */
  public Optional<String> action() {
    return Optional.ofNullable(action);
  }

  /**
   * Returns path and query as a client sends them, for example {@code /v1/acl/policy?action=get}.
   */
  public String target() {
    return action == null ? path : path + "?" + ACTION_PARAMETER + "=" + action;
  }

  /** Returns the request record type. */
  public Class<?> requestType() {
    return requestType;
  }

  /** Returns the response record type. */
  public Class<? extends SpikeResponse> responseType() {
    return responseType;
  }

  /**
   * Returns SPIKE's error body for this route: the zero-valued response type with only the error
   * field set, for example {@code {"data":null,"err":"api_not_found"}} for {@link #SECRET_GET}.
   *
   * @param code the error
   * @return the response record to encode with {@code SpikeJson}
   */
  public SpikeResponse errorBody(ErrorCode code) {
    requireNonNull(code, "code");
    return errorBody.apply(code);
  }

  /**
   * Finds the route for a server, path and action, as SPIKE's router does (exact path match; an
   * absent or empty action selects the default operation).
   *
   * @param server the server being asked
   * @param path the request path without query
   * @param action the {@code action} query value, or null/empty if absent
   * @return the route, or empty for SPIKE's 400 fallback
   */
  public static Optional<Route> find(Server server, String path, String action) {
    requireNonNull(server, "server");
    requireNonNull(path, "path");
    String a = action == null || action.isEmpty() ? null : action;
    for (Route r : values()) {
      if (r.server == server && r.path.equals(path) && java.util.Objects.equals(r.action, a)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
