package ist.spike.nexus;

import ist.spike.api.cipher.CipherDecryptRequest;
import ist.spike.api.cipher.CipherDecryptResponse;
import ist.spike.api.cipher.CipherEncryptRequest;
import ist.spike.api.cipher.CipherEncryptResponse;
import ist.spike.crypto.aead.DecryptionFailedException;
import ist.spike.crypto.aead.PlaintextTooLargeException;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.aead.SpikeSealed;
import ist.spike.nexus.cipher.SpillBuffer;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.InternalErrorException;
import ist.spike.server.NotAuthorizedException;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Encryption as a service in SPIKE's JSON and stream modes (ADR-0045). Stream mode is chosen by a
 * {@code Content-Type} exactly equal to {@code application/octet-stream}.
 */
final class CipherRoutes {
  static final String OCTET_STREAM = "application/octet-stream";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final Supplier<SpikeCompatCipher> cipher;
  private final Supplier<DataPlaneAccess> access;
  private final int maxBytes;
  private final Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
  private static final int SPILL_THRESHOLD = 1 << 20;

  CipherRoutes(Supplier<SpikeCompatCipher> cipher, Supplier<DataPlaneAccess> access, int maxBytes) {
    this.cipher = cipher;
    this.access = access;
    this.maxBytes = maxBytes;
  }

  List<Route> routes() {
    // Large enough for base64 JSON of a maximal payload; the handlers apply the exact limits.
    long bodyLimit = (long) maxBytes * 4 / 3 + 16 * 4 / 3 + 4096;
    return List.of(
        Route.of(
                "/v1/cipher/encrypt",
                "",
                Guard.authorizedInHandler("superuser, lite workload or policy execute on cipher"),
                this::encrypt)
            .withErrorBody(CipherEncryptResponse::error)
            .withMaxBodyBytes(bodyLimit),
        Route.of(
                "/v1/cipher/decrypt",
                "",
                PolicyRoutes.guard(
                    "superuser, lite workload or policy execute on spike/system/cipher/exec",
                    p -> access.get().mayUseCipher(p)),
                this::decrypt)
            .withErrorBody(CipherDecryptResponse::error)
            .withMaxBodyBytes(bodyLimit));
  }

  private static boolean streamMode(SpikeRequest req) {
    return req.contentType().map(OCTET_STREAM::equals).orElse(false);
  }

  private void authorize(SpikeRequest req) throws NotAuthorizedException {
    if (!access.get().mayUseCipher(req.peer().toString())) {
      throw new NotAuthorizedException();
    }
  }

  private SpikeResponse encrypt(SpikeRequest req) throws Exception {
    if (streamMode(req)) {
      authorize(req);
      if (req.contentLength().isPresent() && req.contentLength().getAsLong() > maxBytes) {
        throw new BadRequestException(tooLarge());
      }
      // HTTP/1.1 clients (the JDK's, Go's) stop sending once a response starts, so the body is read
      // to its end first; the ciphertext is produced chunk by chunk into a buffer that spills to a
      // private temporary file beyond 1 MiB, so memory does not grow with the payload.
      SpillBuffer ciphertext = new SpillBuffer(SPILL_THRESHOLD, tempDir);
      try (InputStream body = req.bodyStream()) {
        cipher.get().sealStream(body, ciphertext, maxBytes);
      } catch (PlaintextTooLargeException e) {
        ciphertext.close();
        throw new BadRequestException(tooLarge());
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        ciphertext.close();
        throw e;
      }
      return SpikeResponse.stream(
          200,
          OCTET_STREAM,
          out -> {
            try (ciphertext) {
              ciphertext.writeTo(out);
            }
          });
    }
    CipherEncryptRequest body = req.readJson(CipherEncryptRequest.class);
    authorize(req);
    byte[] plaintext = body.plaintext() == null ? new byte[0] : body.plaintext();
    try {
      if (plaintext.length > maxBytes) {
        throw new BadRequestException(tooLarge());
      }
      SpikeSealed m = cipher.get().seal(plaintext);
      return SpikeResponse.json(
          CipherEncryptResponse.success(m.version(), m.nonce(), m.ciphertext()));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private SpikeResponse decrypt(SpikeRequest req) throws Exception {
    int maxSealed = maxBytes + SpikeCompatCipher.TAG_SIZE;
    if (!streamMode(req)) {
      CipherDecryptRequest body = req.readJson(CipherDecryptRequest.class);
      if (body.version() != SpikeCompatCipher.VERSION) {
        throw new BadRequestException("unsupported version " + body.version() + "; only 1");
      }
      byte[] nonce = body.nonce();
      if (nonce == null || nonce.length != SpikeCompatCipher.NONCE_SIZE) {
        throw new BadRequestException("nonce must be 12 bytes");
      }
      byte[] sealed = body.ciphertext() == null ? new byte[0] : body.ciphertext();
      if (sealed.length > maxSealed) {
        throw new BadRequestException(tooLarge());
      }
      try {
        byte[] plain = cipher.get().open(nonce, sealed);
        // Go marshals an empty plaintext as null
        return SpikeResponse.json(CipherDecryptResponse.success(plain.length == 0 ? null : plain));
      } catch (DecryptionFailedException e) {
        // SPIKE answers a failed JSON-mode decryption with 500
        throw new InternalErrorException("decryption failed");
      }
    }
    if (req.contentLength().isPresent()
        && req.contentLength().getAsLong() > 1 + SpikeCompatCipher.NONCE_SIZE + maxSealed) {
      throw new BadRequestException(tooLarge());
    }
    try (InputStream in = req.bodyStream()) {
      int version = in.read();
      if (version < 0) {
        return text("crypto_failed_to_read_version");
      }
      if (version != SpikeCompatCipher.VERSION) {
        return text("crypto_unsupported_version");
      }
      byte[] nonce = in.readNBytes(SpikeCompatCipher.NONCE_SIZE);
      if (nonce.length != SpikeCompatCipher.NONCE_SIZE) {
        return text("crypto_failed_to_read_nonce");
      }
      // GCM must not release unauthenticated plaintext: buffer the (bounded) ciphertext first.
      byte[] sealed = in.readNBytes(maxSealed + 1);
      if (sealed.length > maxSealed) {
        throw new BadRequestException(tooLarge());
      }
      try {
        return SpikeResponse.bytes(200, OCTET_STREAM, cipher.get().open(nonce, sealed));
      } catch (DecryptionFailedException e) {
        return text("decryption failed");
      }
    }
  }

  private String tooLarge() {
    return "payload exceeds SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE (" + maxBytes + " bytes)";
  }

  private static SpikeResponse text(String message) {
    return SpikeResponse.bytes(400, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
