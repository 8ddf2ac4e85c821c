package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A SPIFFE ID such as {@code spiffe://spike.ist/spike/nexus}, validated once at the edge.
 *
 * <p>Accepted IDs match SPIKE's peer-ID rule {@code ^spiffe://[a-zA-Z0-9.-]+(/[a-zA-Z0-9._-]+)*$}
 * and, in addition, the SPIFFE specification: the trust domain is lower case and no path segment is
 * {@code .} or {@code ..}. Both are true of every ID the Go SPIFFE library lets through, so the
 * combination rejects nothing SPIKE would accept from a real SVID. Instances are immutable and
 * compare by their string form.
 */
public final class SpiffeId {
  /** SPIKE's peer-ID regex (spec §2.1). */
  static final Pattern SPIKE_PEER_ID =
      Pattern.compile("^spiffe://[a-zA-Z0-9.-]+(/[a-zA-Z0-9._-]+)*$");

  static final String NOT_SPIFFE =
      "a SPIFFE ID must match spiffe://<trust domain>[/<segment>...] with segments of"
          + " [a-zA-Z0-9._-] and a trust domain of [a-z0-9.-]";
  static final String UPPER_CASE_TRUST_DOMAIN = "a SPIFFE trust domain must be lower case";
  static final String DOT_SEGMENT = "a SPIFFE ID path segment must not be '.' or '..'";
  static final String TOO_LONG = "a SPIFFE ID must be at most 2048 characters";

  private static final String SCHEME = "spiffe://";

  private final String value;
  private final String trustDomain;
  private final String path;

  private SpiffeId(String value, String trustDomain, String path) {
    this.value = value;
    this.trustDomain = trustDomain;
    this.path = path;
  }

  /**
   * Parses a SPIFFE ID.
   *
   * @param text the ID, for example {@code spiffe://spike.ist/spike/nexus}
   * @return the parsed ID
   * @throws InvalidSpiffeIdException if {@code text} is not a valid SPIFFE ID (the message states
   *     the rule, not the input)
   */
  public static SpiffeId parse(String text) {
    requireNonNull(text, "text must not be null");
    if (text.length() > 2048) {
      throw new InvalidSpiffeIdException(TOO_LONG);
    }
    if (!SPIKE_PEER_ID.matcher(text).matches()) {
      throw new InvalidSpiffeIdException(NOT_SPIFFE);
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String td = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (!td.equals(td.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidSpiffeIdException(UPPER_CASE_TRUST_DOMAIN);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidSpiffeIdException(DOT_SEGMENT);
      }
    }
    return new SpiffeId(text, td, path);
  }

  /**
   * Builds the ID {@code spiffe://<trustDomain>/<path>}.
   *
   * @param trustDomain for example {@code spike.ist}
   * @param path the path without the leading slash, for example {@code spike/nexus}; empty for the
   *     trust domain's own ID
   * @return the ID
   * @throws InvalidSpiffeIdException if the result is not a valid SPIFFE ID
   */
  public static SpiffeId of(String trustDomain, String path) {
    requireNonNull(trustDomain, "trustDomain must not be null");
    requireNonNull(path, "path must not be null");
    return parse(SCHEME + trustDomain + (path.isEmpty() ? "" : "/" + path));
  }

  /** Returns the trust domain name, for example {@code spike.ist}. */
  public String trustDomain() {
    return trustDomain;
  }

  /** Returns the path including its leading slash, or the empty string for a bare trust domain. */
  public String path() {
    return path;
  }

  /**
   * Tells whether this ID is {@code base} or lies under it: SPIKE's prefix rule, {@code id == base}
   * or {@code id} starts with {@code base + "/"} (so {@code …/superuser/instance-0} is under {@code
   * …/superuser}, but {@code …/superuser-evil} is not).
   *
   * @param base the base ID
   * @return true if this ID equals or extends {@code base}
   */
  public boolean isOrIsUnder(SpiffeId base) {
    requireNonNull(base, "base must not be null");
    return value.equals(base.value) || value.startsWith(base.value + "/");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpiffeId other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns the ID as text, for example {@code spiffe://spike.ist/spike/nexus}. */
  @Override
  public String toString() {
    return value;
  }
}
