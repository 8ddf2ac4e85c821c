package ist.spike.client.transport;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotReadyException;
import ist.spike.client.error.SpikeTooManyRequestsException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;

/**
 * One or more Nexus instances serving the same data (ADR-0093). A call goes to the instance that
 * answered last; on a connection failure or a {@code 503} it moves on to the next, each instance
 * tried at most once per call. A single URL behaves exactly as SPIKE's client.
 *
 * <p>A write that is not idempotent (a put without check-and-set, a streamed cipher call) moves on
 * only when it certainly did not reach the server (connection refused, connect timeout, TLS
 * handshake failure) or the server answered {@code 503}, which Nexus sends only for requests it did
 * not apply. A request that may have been applied (the connection broke after it was sent) is not
 * sent again, so a retry can never create a second version.
 *
 * <p>With a {@link Retry} policy, a call whose every instance failed for one of those reasons (or
 * answered {@code 429}) is tried again in further rounds, after a backoff with jitter; the same
 * resend rule holds in every round.
 */
public final class NexusEndpoints {
  /** Whether a call may be sent again after it may have reached the server. */
  public enum Resend {
    /** Reads, check-and-set writes, and writes whose repetition changes nothing more. */
    SAFE,
    /** Writes that would be applied twice; resent only when they certainly were not sent. */
    ONLY_IF_NOT_SENT
  }

  /** One attempt against one instance. */
  @FunctionalInterface
  public interface Call<T> {
    /**
     * Runs the call against {@code base}.
     *
     * @param base the instance
     * @return the answer
     * @throws SpikeException as the transport
     */
    T run(URI base) throws SpikeException;
  }

  /**
   * How many rounds over the instances a call gets, and the wait between rounds.
   *
   * @param rounds at least 1; 1 means no retry
   * @param backoff the wait before round {@code n + 1} is {@code backoff.delay(n)}
   */
  public record Retry(int rounds, Backoff backoff) {
    /** No retry: one round, as SPIKE's client. */
    public static final Retry NONE =
        new Retry(1, Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 1, 0));

    /** Checks the values. */
    public Retry {
      requireNonNull(backoff, "backoff");
      if (rounds < 1 || rounds > 100) {
        throw new IllegalArgumentException("retry rounds must be in 1..100, got " + rounds);
      }
    }
  }

  private final List<URI> urls;
  private final Retry retry;
  private final AtomicInteger current = new AtomicInteger();

  private NexusEndpoints(List<URI> urls, Retry retry) {
    this.urls = List.copyOf(urls);
    this.retry = retry;
  }

  /**
   * Creates the group.
   *
   * @param urls at least one {@code https} URL, in order of preference
   * @return the group
   */
  public static NexusEndpoints of(List<URI> urls) {
    return of(urls, Retry.NONE);
  }

  /**
   * Creates the group with a retry policy.
   *
   * @param urls at least one {@code https} URL, in order of preference
   * @param retry how often a call whose every instance failed is tried again
   * @return the group
   */
  public static NexusEndpoints of(List<URI> urls, Retry retry) {
    requireNonNull(urls, "urls");
    requireNonNull(retry, "retry");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("SPIKE_NEXUS_API_URL must name at least one Nexus URL");
    }
    for (URI u : urls) {
      if (u == null || !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_API_URL entries must be https://host[:port]; got " + u);
      }
    }
    return new NexusEndpoints(urls, retry);
  }

  /**
   * Parses {@code SPIKE_NEXUS_API_URL}: one URL, or several separated by commas.
   *
   * @param value the variable's value
   * @return the group
   * @throws IllegalArgumentException naming the variable for an empty entry or a non-https URL
   */
  public static NexusEndpoints parse(String value) {
    requireNonNull(value, "value");
    List<URI> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_API_URL has an empty entry; separate URLs with single commas");
      }
      try {
        out.add(URI.create(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SPIKE_NEXUS_API_URL entry is not a URL: " + p);
      }
    }
    return of(out);
  }

  /** Returns every URL, in order of preference. */
  public List<URI> urls() {
    return urls;
  }

  /** Returns the instance the next call goes to first. */
  public URI current() {
    return urls.get(Math.floorMod(current.get(), urls.size()));
  }

  /**
   * Runs a call, moving to the next instance when this one cannot serve it.
   *
   * @param resend whether the call may be sent again after it may have reached a server
   * @param call the call
   * @param <T> the answer type
   * @return the first answer that is not a failover reason
   * @throws SpikeException the last failure when every instance failed, or the first failure that
   *     is not a reason to move on
   */
  public <T> T call(Resend resend, Call<T> call) throws SpikeException {
    requireNonNull(resend, "resend");
    requireNonNull(call, "call");
    for (int round = 0; ; round++) {
      int start = current.get();
      SpikeException last = null;
      for (int i = 0; i < urls.size(); i++) {
        int idx = Math.floorMod(start + i, urls.size());
        try {
          T answer = call.run(urls.get(idx));
          current.set(idx);
          return answer;
        } catch (SpikeNotReadyException | SpikeTooManyRequestsException e) {
          last = e;
        } catch (SpikeConnectionException e) {
          if (resend == Resend.ONLY_IF_NOT_SENT && !certainlyNotSent(e)) {
            throw e;
          }
          last = e;
        }
        if (urls.size() > 1) {
          current.compareAndSet(start, Math.floorMod(idx + 1, urls.size()));
        }
      }
      if (round + 1 >= retry.rounds()) {
        throw last;
      }
      try {
        Thread.sleep(retry.backoff().delay(round).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw last;
      }
    }
  }

  /** True when the request never left this process (no connection, or no TLS session). */
  static boolean certainlyNotSent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return urls.toString();
  }
}
