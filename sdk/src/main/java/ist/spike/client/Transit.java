package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.api.transit.TransitItem;
import ist.spike.api.transit.TransitItemResult;
import ist.spike.api.transit.TransitKeyInfo;
import ist.spike.api.transit.TransitKeyListRequest;
import ist.spike.api.transit.TransitKeyListResponse;
import ist.spike.api.transit.TransitKeyRequest;
import ist.spike.api.transit.TransitKeyResponse;
import ist.spike.api.transit.TransitRequest;
import ist.spike.api.transit.TransitResponse;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Named transit keys ({@code /v1/transit/...}, not in SPIKE): versioned keys held by Nexus that
 * encrypt, decrypt and rewrap without the key ever leaving it. Ciphertexts are text, {@code
 * spike:v<version>:<base64>}. Obtain from {@link SpikeClient#transit()}.
 *
 * <p>Failures are {@link SpikeException}s: {@code SpikeBadRequestException} with the rule that was
 * broken (also for a ciphertext older than the key's minimum decryption version), {@code
 * SpikeNotFoundException} for an unknown key, {@code SpikeUnauthorizedException}, and {@link
 * SpikeConflictException} when creating a key that exists.
 */
public final class Transit {
  private static final String KEYS = "/v1/transit/keys";

  private final SpikeTransport transport;
  private final NexusEndpoints base;

  Transit(SpikeTransport transport, NexusEndpoints base) {
    this.transport = transport;
    this.base = base;
  }

  /**
   * Creates an {@code aes256-gcm} key with version 1.
   *
   * @param name letters, digits, {@code _} and {@code -}, at most 128 characters
   * @param deletionAllowed whether {@link #deleteKey} may delete it
   * @return the new key's description
   * @throws SpikeConflictException if the key exists
   * @throws SpikeException for other failures
   */
  public TransitKeyInfo createKey(String name, boolean deletionAllowed) throws SpikeException {
    TransitKeyRequest body =
        new TransitKeyRequest(requireNonNull(name, "name"), "aes256-gcm", null, deletionAllowed);
    try {
      return keyCall("", body, NexusEndpoints.Resend.ONLY_IF_NOT_SENT);
    } catch (SpikeProtocolException e) {
      if (e.httpStatus().orElse(0) == 409) {
        throw new SpikeConflictException(e.getMessage().replace(" (unexpected status)", ""));
      }
      throw e;
    }
  }

  /**
   * Describes a key and its versions (never its key material).
   *
   * @param name the key name
   * @return the key, or empty if there is none
   * @throws SpikeException if not allowed or unreachable
   */
  public Optional<TransitKeyInfo> key(String name) throws SpikeException {
    try {
      return Optional.of(
          keyCall(
              "?action=get",
              TransitKeyRequest.named(requireNonNull(name, "name")),
              NexusEndpoints.Resend.SAFE));
    } catch (ist.spike.client.error.SpikeNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Lists key names in ascending order.
   *
   * @return the names
   * @throws SpikeException if not allowed or unreachable
   */
  public List<String> listKeys() throws SpikeException {
    TransitKeyListResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postJson(
                    u,
                    KEYS + "?action=list",
                    new TransitKeyListRequest(),
                    TransitKeyListResponse.class));
    return r.names() == null ? List.of() : r.names();
  }

  /**
   * Adds a new latest version; new ciphertexts use it, older ones still decrypt.
   *
   * @param name the key name
   * @return the description after the change
   * @throws SpikeException if the key is unknown, at its version limit, not allowed, or unreachable
   */
  public TransitKeyInfo rotateKey(String name) throws SpikeException {
    return keyCall(
        "?action=rotate",
        TransitKeyRequest.named(requireNonNull(name, "name")),
        NexusEndpoints.Resend.ONLY_IF_NOT_SENT);
  }

  /**
   * Changes a key's settings; a null argument leaves that setting as it is.
   *
   * @param name the key name
   * @param minDecryptionVersion the lowest version that still decrypts (1..latest), or null
   * @param deletionAllowed whether delete is allowed, or null
   * @return the description after the change
   * @throws SpikeException if out of range, unknown, not allowed, or unreachable
   */
  public TransitKeyInfo configureKey(
      String name, Integer minDecryptionVersion, Boolean deletionAllowed) throws SpikeException {
    return keyCall(
        "?action=config",
        new TransitKeyRequest(
            requireNonNull(name, "name"), "", minDecryptionVersion, deletionAllowed),
        NexusEndpoints.Resend.SAFE);
  }

  /**
   * Deletes a key whose {@code deletionAllowed} is set; its ciphertexts can never be decrypted
   * again.
   *
   * @param name the key name
   * @throws SpikeException if deletion is not allowed ({@code SpikeBadRequestException}), the key
   *     is unknown, or on other failures
   */
  public void deleteKey(String name) throws SpikeException {
    keyCall(
        "?action=delete",
        TransitKeyRequest.named(requireNonNull(name, "name")),
        NexusEndpoints.Resend.ONLY_IF_NOT_SENT);
  }

  /**
   * Encrypts with the key's latest version.
   *
   * @param name the key name
   * @param plaintext at most {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE} bytes
   * @return {@code spike:v<version>:<base64>}
   * @throws SpikeException on failure
   */
  public String encrypt(String name, byte[] plaintext) throws SpikeException {
    String b64 = Base64.getEncoder().encodeToString(requireNonNull(plaintext, "plaintext"));
    return data("/v1/transit/encrypt", new TransitRequest(name, b64, "", null)).ciphertext();
  }

  /**
   * Decrypts.
   *
   * @param name the key name
   * @param ciphertext what {@link #encrypt} or {@link #rewrap} returned
   * @return the plaintext
   * @throws SpikeException on failure ({@code SpikeBadRequestException} for a tampered ciphertext,
   *     a version below the minimum, or an unknown version)
   */
  public byte[] decrypt(String name, String ciphertext) throws SpikeException {
    TransitResponse r =
        data(
            "/v1/transit/decrypt",
            new TransitRequest(name, "", requireNonNull(ciphertext, "ciphertext"), null));
    return Base64.getDecoder().decode(r.plaintext());
  }

  /**
   * Re-encrypts under the key's latest version inside Nexus; the plaintext is never returned.
   *
   * @param name the key name
   * @param ciphertext a ciphertext of this key
   * @return the new ciphertext
   * @throws SpikeException as for {@link #decrypt}
   */
  public String rewrap(String name, String ciphertext) throws SpikeException {
    return data(
            "/v1/transit/rewrap",
            new TransitRequest(name, "", requireNonNull(ciphertext, "ciphertext"), null))
        .ciphertext();
  }

  /**
   * Encrypts up to 1000 plaintexts in one call; a bad item fails only itself.
   *
   * @param name the key name
   * @param plaintexts the inputs
   * @return one result per input, in order: {@code ciphertext()} or {@code err()}/{@code message()}
   * @throws SpikeException if the whole request fails (unknown key, too many items, …)
   */
  public List<TransitItemResult> encryptBatch(String name, List<byte[]> plaintexts)
      throws SpikeException {
    List<TransitItem> items = new ArrayList<>();
    for (byte[] p : plaintexts) {
      items.add(new TransitItem(Base64.getEncoder().encodeToString(p), ""));
    }
    return data("/v1/transit/encrypt", new TransitRequest(name, "", "", items)).batch();
  }

  /**
   * Decrypts up to 1000 ciphertexts in one call; a bad item fails only itself.
   *
   * @param name the key name
   * @param ciphertexts the inputs
   * @return one result per input, in order: {@code plaintext()} (base64) or {@code err()}
   * @throws SpikeException if the whole request fails
   */
  public List<TransitItemResult> decryptBatch(String name, List<String> ciphertexts)
      throws SpikeException {
    return data("/v1/transit/decrypt", new TransitRequest(name, "", "", items(ciphertexts)))
        .batch();
  }

  /**
   * Rewraps up to 1000 ciphertexts in one call; a bad item fails only itself.
   *
   * @param name the key name
   * @param ciphertexts the inputs
   * @return one result per input, in order: {@code ciphertext()} or {@code err()}
   * @throws SpikeException if the whole request fails
   */
  public List<TransitItemResult> rewrapBatch(String name, List<String> ciphertexts)
      throws SpikeException {
    return data("/v1/transit/rewrap", new TransitRequest(name, "", "", items(ciphertexts))).batch();
  }

  private static List<TransitItem> items(List<String> ciphertexts) {
    List<TransitItem> items = new ArrayList<>();
    for (String c : ciphertexts) {
      items.add(new TransitItem("", requireNonNull(c, "ciphertext")));
    }
    return items;
  }

  private TransitKeyInfo keyCall(String action, TransitKeyRequest body, NexusEndpoints.Resend r)
      throws SpikeException {
    return base.call(r, u -> transport.postJson(u, KEYS + action, body, TransitKeyResponse.class))
        .key();
  }

  private TransitResponse data(String path, TransitRequest body) throws SpikeException {
    requireNonNull(body.name(), "name");
    return base.call(
        NexusEndpoints.Resend.SAFE, u -> transport.postJson(u, path, body, TransitResponse.class));
  }
}
