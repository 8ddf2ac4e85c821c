package ist.spike.client.transport;

import ist.spike.api.ErrorCode;
import ist.spike.client.error.SpikeBadRequestException;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeNotReadyException;
import ist.spike.client.error.SpikePayloadTooLargeException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.client.error.SpikeServerErrorException;
import ist.spike.client.error.SpikeTooManyRequestsException;
import ist.spike.client.error.SpikeUnauthorizedException;
import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * Maps a SPIKE answer to an exception, as SPIKE's SDK does (404 ⇒ not found, 401 ⇒ unauthorized,
 * 400 ⇒ bad request, 503 ⇒ not ready, other ⇒ peer connection), refined for the statuses SPIKE for
 * Java adds (413, 429, 5xx).
 */
final class ErrorMapper {
  private ErrorMapper() {}

  static SpikeException forStatus(
      String call, int status, Optional<String> code, Optional<String> message) {
    ErrorCode known = code.flatMap(ErrorCode::fromCode).orElse(null);
    String detail = code.map(c -> " " + c).orElse("") + message.map(m -> ": " + m).orElse("");
    String text = call + " failed with HTTP " + status + detail;
    return switch (status) {
      case 400 ->
          new SpikeBadRequestException(
              text + message.map(m -> "").orElse(" (the server rejected the request as invalid)"),
              orDefault(known, ErrorCode.BAD_REQUEST),
              status,
              null);
      case 401 ->
          new SpikeUnauthorizedException(
              text + " (this SPIFFE ID is not allowed to do this; check its role or policies)",
              orDefault(known, ErrorCode.UNAUTHORIZED),
              status,
              null);
      case 404 ->
          new SpikeNotFoundException(text, orDefault(known, ErrorCode.NOT_FOUND), status, null);
      case 413 ->
          new SpikePayloadTooLargeException(
              text, orDefault(known, ErrorCode.PAYLOAD_TOO_LARGE), status, null);
      case 429 ->
          new SpikeTooManyRequestsException(
              text + " (retry later)", orDefault(known, ErrorCode.TOO_MANY_REQUESTS), status, null);
      case 503 ->
          new SpikeNotReadyException(
              text
                  + " (the server is not ready; SPIKE Nexus answers this until it holds its root"
                  + " key)",
              orDefault(known, ErrorCode.NOT_READY),
              status,
              null);
      default ->
          status >= 500
              ? new SpikeServerErrorException(
                  text + " (the server failed; see its log)", known, status, null)
              : new SpikeProtocolException(text + " (unexpected status)", known, status, null);
    };
  }

  /** An error reported inside a 200 body ({@code "err"} set). */
  static SpikeException forBodyCode(String call, String code, Optional<String> message) {
    ErrorCode known = ErrorCode.fromCode(code).orElse(null);
    if (known == null) {
      return new SpikeProtocolException(
          call + " answered 200 with unknown error code " + code, null, 200, null);
    }
    return forStatus(call, known.httpStatus(), Optional.of(code), message);
  }

  static SpikeConnectionException connection(String call, String what, Throwable cause) {
    return new SpikeConnectionException(call + " failed: " + what, null, 0, cause);
  }

  /** Why a TLS handshake failed: the certificate check's reason when there is one. */
  static String tlsReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return e.getMessage() + " (the server may have refused this client's SVID)";
  }

  private static ErrorCode orDefault(ErrorCode known, ErrorCode fallback) {
    return known != null ? known : fallback;
  }
}
