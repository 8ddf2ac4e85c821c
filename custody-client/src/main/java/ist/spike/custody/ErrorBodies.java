package ist.spike.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.ErrorCode;
import java.util.Optional;

/** Reads the {@code err} code and our optional {@code message} from an error body. */
final class ErrorBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ErrorBodies() {}

  /** An error: SPIKE's code (if recognised) and a human reason (ours; empty from SPIKE). */
  record Error(Optional<ErrorCode> code, String reason) {}

  static Error read(int status, byte[] body) {
    Optional<ErrorCode> code = Optional.empty();
    String reason = "";
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node != null && node.isObject()) {
        JsonNode err = node.has("err") ? node.get("err") : node.get("Err");
        if (err != null && err.isTextual()) {
          code = ErrorCode.fromCode(err.asText());
        }
        JsonNode r = node.get("message");
        if (r != null && r.isTextual()) {
          reason = r.asText();
        }
      }
    } catch (java.io.IOException | RuntimeException ignored) {
      // not JSON: fall back to the status
    }
    if (code.isEmpty()) {
      for (ErrorCode c : ErrorCode.values()) {
        if (c.httpStatus() == status) {
          code = Optional.of(c);
          break;
        }
      }
    }
    if (reason.isEmpty()) {
      reason = "HTTP " + status + code.map(c -> " " + c.code()).orElse("");
    }
    return new Error(code, reason);
  }
}
