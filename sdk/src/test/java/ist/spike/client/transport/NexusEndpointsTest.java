package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.ErrorCode;
import ist.spike.client.Backoff;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeNotReadyException;
import ist.spike.client.error.SpikeTooManyRequestsException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NexusEndpointsTest {
  static final URI A = URI.create("https://a:8553");
  static final URI B = URI.create("https://b:8553");

  static SpikeConnectionException refused() {
    return new SpikeConnectionException("refused", null, 0, new ConnectException("refused"));
  }

  static SpikeConnectionException brokeAfterSending() {
    return new SpikeConnectionException("reset", null, 0, new IOException("connection reset"));
  }

  static SpikeNotReadyException notReady() {
    return new SpikeNotReadyException("503", ErrorCode.NOT_READY, 503, null);
  }

  @Test
  void parse_singleUrl_behavesAsOne() {
    NexusEndpoints e = NexusEndpoints.parse("https://a:8553");
    assertThat(e.urls()).containsExactly(A);
    assertThat(e.current()).isEqualTo(A);
  }

  @Test
  void parse_commaList_trimsAndKeepsOrder() {
    assertThat(NexusEndpoints.parse(" https://a:8553 , https://b:8553").urls())
        .containsExactly(A, B);
  }

  @Test
  void parse_emptyEntryOrHttp_rejectedNamingTheVariable() {
    assertThatThrownBy(() -> NexusEndpoints.parse("https://a:8553,,https://b:8553"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SPIKE_NEXUS_API_URL has an empty entry");
    assertThatThrownBy(() -> NexusEndpoints.parse("http://a:8553"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be https://host[:port]");
  }

  @Test
  void call_firstRefused_secondAnswers_andStaysThere() throws Exception {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    String r =
        e.call(
            NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
            u -> {
              tried.add(u);
              if (u.equals(A)) {
                throw refused();
              }
              return "ok";
            });
    assertThat(r).isEqualTo("ok");
    assertThat(tried).containsExactly(A, B);
    assertThat(e.current()).isEqualTo(B);
  }

  @Test
  void call_503_movesOnEvenForNonIdempotentWrites() throws Exception {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    e.call(
        NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
        u -> {
          tried.add(u);
          if (u.equals(A)) {
            throw notReady();
          }
          return 1;
        });
    assertThat(tried).containsExactly(A, B);
  }

  @Test
  void call_nonIdempotentWriteThatMayHaveBeenApplied_isNotSentAgain() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
                    u -> {
                      tried.add(u);
                      throw brokeAfterSending();
                    }))
        .isInstanceOf(SpikeConnectionException.class);
    assertThat(tried).containsExactly(A);
  }

  @Test
  void call_safeCallAfterBrokenConnection_movesOn() throws Exception {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    e.call(
        NexusEndpoints.Resend.SAFE,
        u -> {
          tried.add(u);
          if (u.equals(A)) {
            throw brokeAfterSending();
          }
          return 1;
        });
    assertThat(tried).containsExactly(A, B);
  }

  @Test
  void call_everyInstanceDown_throwsLastFailure_eachTriedOnce() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.SAFE,
                    u -> {
                      tried.add(u);
                      throw refused();
                    }))
        .isInstanceOf(SpikeConnectionException.class);
    assertThat(tried).containsExactly(A, B);
  }

  @Test
  void call_applicationErrors_areNotFailoverReasons() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B));
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.SAFE,
                    u -> {
                      tried.add(u);
                      throw new SpikeNotFoundException("404", ErrorCode.NOT_FOUND, 404, null);
                    }))
        .isInstanceOf(SpikeNotFoundException.class);
    assertThat(tried).containsExactly(A);
  }

  static final NexusEndpoints.Retry THREE_QUICK_ROUNDS =
      new NexusEndpoints.Retry(3, Backoff.of(Duration.ofMillis(1), Duration.ofMillis(5), 2, 0.5));

  @Test
  void call_withRetry_everyInstanceRefusedTwice_thirdRoundAnswers() throws Exception {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B), THREE_QUICK_ROUNDS);
    List<URI> tried = new ArrayList<>();
    String r =
        e.call(
            NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
            u -> {
              tried.add(u);
              if (tried.size() <= 4) {
                throw refused();
              }
              return "ok";
            });
    assertThat(r).isEqualTo("ok");
    assertThat(tried).hasSize(5);
  }

  @Test
  void call_withRetry_givesUpAfterTheLastRound_withTheLastFailure() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A), THREE_QUICK_ROUNDS);
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.SAFE,
                    u -> {
                      tried.add(u);
                      throw notReady();
                    }))
        .isInstanceOf(SpikeNotReadyException.class);
    assertThat(tried).containsExactly(A, A, A);
  }

  @Test
  void call_withRetry_tooManyRequests_isTriedAgain() throws Exception {
    NexusEndpoints e = NexusEndpoints.of(List.of(A), THREE_QUICK_ROUNDS);
    List<URI> tried = new ArrayList<>();
    String r =
        e.call(
            NexusEndpoints.Resend.SAFE,
            u -> {
              tried.add(u);
              if (tried.size() == 1) {
                throw new SpikeTooManyRequestsException("429", null, 429, null);
              }
              return "ok";
            });
    assertThat(r).isEqualTo("ok");
    assertThat(tried).hasSize(2);
  }

  @Test
  void call_withRetry_nonIdempotentWriteThatMayHaveArrived_isNeverResent() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A, B), THREE_QUICK_ROUNDS);
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
                    u -> {
                      tried.add(u);
                      throw brokeAfterSending();
                    }))
        .isInstanceOf(SpikeConnectionException.class);
    assertThat(tried).containsExactly(A);
  }

  @Test
  void call_withRetry_notFound_isAnAnswerNotRetried() {
    NexusEndpoints e = NexusEndpoints.of(List.of(A), THREE_QUICK_ROUNDS);
    List<URI> tried = new ArrayList<>();
    assertThatThrownBy(
            () ->
                e.call(
                    NexusEndpoints.Resend.SAFE,
                    u -> {
                      tried.add(u);
                      throw new SpikeNotFoundException("404", ErrorCode.NOT_FOUND, 404, null);
                    }))
        .isInstanceOf(SpikeNotFoundException.class);
    assertThat(tried).containsExactly(A);
  }

  @Test
  void retry_roundsOutOfRange_rejected() {
    Backoff b = Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 1, 0);
    assertThatThrownBy(() -> new NexusEndpoints.Retry(0, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry rounds must be in 1..100, got 0");
  }
}
