package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorTableTest {
  static class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
  }

  static final class MissingEntity extends StoreException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void codeFor_apiExceptions_carryTheirCodes() {
    ErrorTable t = ErrorTable.defaults();

    assertThat(t.codeFor(new BadRequestException())).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(t.codeFor(new NotAuthorizedException())).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(t.codeFor(new NotFoundException())).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(t.codeFor(new NotReadyException())).isEqualTo(ErrorCode.NOT_READY);
    assertThat(t.codeFor(new PayloadTooLargeException())).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(t.codeFor(new TooManyRequestsException())).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
    assertThat(t.codeFor(new InternalErrorException())).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void codeFor_unlisted_internal() {
    assertThat(ErrorTable.defaults().codeFor(new IOException())).isEqualTo(ErrorCode.INTERNAL);
    assertThat(ErrorTable.defaults().codeFor(new RequestBodyTooLargeException(1)))
        .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void codeFor_subclass_nearestMappingWins() {
    ErrorTable t =
        ErrorTable.builder()
            .map(StoreException.class, ErrorCode.INTERNAL)
            .map(MissingEntity.class, ErrorCode.NOT_FOUND)
            .build();

    assertThat(t.codeFor(new MissingEntity())).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(t.codeFor(new StoreException())).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void map_apiException_rejected() {
    assertThatThrownBy(() -> ErrorTable.builder().map(NotFoundException.class, ErrorCode.INTERNAL))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
