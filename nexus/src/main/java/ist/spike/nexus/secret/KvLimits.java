package ist.spike.nexus.secret;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Limits and parsing for the KV v2 inputs (destroy, secret settings, paged lists), checked before
 * anything is read or written. Messages state the rule and the offending size, never a value.
 */
public final class KvLimits {
  /** Most versions one destroy request may name. */
  public static final int MAX_VERSIONS_PER_REQUEST = 100;

  /** Highest per-secret {@code maxVersions}. */
  public static final int MAX_VERSIONS_PER_SECRET = 1000;

  /** Most custom metadata pairs per secret. */
  public static final int MAX_METADATA_KEYS = 64;

  /** Longest custom metadata key, in UTF-8 bytes. */
  public static final int MAX_METADATA_KEY_BYTES = 128;

  /** Longest custom metadata value, in UTF-8 bytes. */
  public static final int MAX_METADATA_VALUE_BYTES = 512;

  /** Longest {@code deleteVersionAfter} text. */
  public static final int MAX_DURATION_TEXT = 32;

  /** Longest {@code deleteVersionAfter}: ten years. */
  public static final Duration MAX_DELETE_VERSION_AFTER = Duration.ofHours(87_600);

  /** Largest page of a paged list. */
  public static final int MAX_PAGE = 1000;

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,8})m)?(?:(\\d{1,10})s)?");

  private KvLimits() {}

  /**
   * Checks the version list of a destroy request.
   *
   * @param versions the versions (0 = current)
   * @return an immutable copy
   * @throws InvalidInputException if empty, longer than {@value #MAX_VERSIONS_PER_REQUEST}, or
   *     holding a negative or null entry
   */
  public static List<Integer> destroyVersions(List<Integer> versions) {
    if (versions == null || versions.isEmpty()) {
      throw new InvalidInputException(
          "versions must name at least one version to destroy (0 = the current one)");
    }
    if (versions.size() > MAX_VERSIONS_PER_REQUEST) {
      throw new InvalidInputException(
          "versions may name at most "
              + MAX_VERSIONS_PER_REQUEST
              + " versions; got "
              + versions.size());
    }
    for (Integer v : versions) {
      if (v == null || v < 0) {
        throw new InvalidInputException("versions must be integers >= 0; got " + v);
      }
    }
    return List.copyOf(versions);
  }

  /**
   * Checks a per-secret {@code maxVersions}.
   *
   * @throws InvalidInputException unless between 1 and {@value #MAX_VERSIONS_PER_SECRET}
   */
  public static int maxVersions(int maxVersions) {
    if (maxVersions < 1 || maxVersions > MAX_VERSIONS_PER_SECRET) {
      throw new InvalidInputException(
          "maxVersions must be between 1 and " + MAX_VERSIONS_PER_SECRET + "; got " + maxVersions);
    }
    return maxVersions;
  }

  /**
   * Checks custom metadata.
   *
   * @throws InvalidInputException if there are more than {@value #MAX_METADATA_KEYS} pairs, a key
   *     is empty or longer than {@value #MAX_METADATA_KEY_BYTES} bytes, a value is null or longer
   *     than {@value #MAX_METADATA_VALUE_BYTES} bytes, or either holds a control character
   */
  public static Map<String, String> customMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      throw new InvalidInputException("customMetadata must be an object (use {} to clear it)");
    }
    if (metadata.size() > MAX_METADATA_KEYS) {
      throw new InvalidInputException(
          "customMetadata may hold at most " + MAX_METADATA_KEYS + " keys; got " + metadata.size());
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String k = e.getKey();
      if (k == null || k.isEmpty()) {
        throw new InvalidInputException("customMetadata keys must not be empty");
      }
      int keyBytes = k.getBytes(StandardCharsets.UTF_8).length;
      if (keyBytes > MAX_METADATA_KEY_BYTES) {
        throw new InvalidInputException(
            "customMetadata keys must be at most "
                + MAX_METADATA_KEY_BYTES
                + " bytes; got "
                + keyBytes);
      }
      String v = e.getValue();
      if (v == null) {
        throw new InvalidInputException("customMetadata value of key '" + k + "' must be a string");
      }
      int valueBytes = v.getBytes(StandardCharsets.UTF_8).length;
      if (valueBytes > MAX_METADATA_VALUE_BYTES) {
        throw new InvalidInputException(
            "customMetadata value of key '"
                + k
                + "' must be at most "
                + MAX_METADATA_VALUE_BYTES
                + " bytes; got "
                + valueBytes);
      }
      if (hasControl(k) || hasControl(v)) {
        throw new InvalidInputException("customMetadata must not contain control characters");
      }
    }
    return Map.copyOf(metadata);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  /**
   * Parses a {@code deleteVersionAfter} in Go's duration form restricted to whole hours, minutes
   * and seconds ({@code "720h"}, {@code "1h30m"}, {@code "90s"}); {@code "0s"} or {@code "0"} means
   * never.
   *
   * @throws InvalidInputException if malformed, longer than {@value #MAX_DURATION_TEXT} characters,
   *     or above ten years
   */
  public static Duration deleteVersionAfter(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidInputException(
          "deleteVersionAfter must be a duration such as \"720h\", \"1h30m\" or \"0s\" (never)");
    }
    if (text.length() > MAX_DURATION_TEXT) {
      throw new InvalidInputException(
          "deleteVersionAfter must be at most "
              + MAX_DURATION_TEXT
              + " characters; got "
              + text.length());
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(
          "deleteVersionAfter must be whole hours, minutes and seconds such as \"720h\", \"1h30m\""
              + " or \"0s\" (never)");
    }
    Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
    if (d.compareTo(MAX_DELETE_VERSION_AFTER) > 0) {
      throw new InvalidInputException(
          "deleteVersionAfter must be at most 87600h (ten years); got " + formatDuration(d));
    }
    return d;
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }

  /** Formats a duration the way Go prints whole seconds ({@code "1h30m0s"}, {@code "0s"}). */
  public static String formatDuration(Duration d) {
    long s = d.getSeconds();
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return m + "m" + sec + "s";
    }
    return sec + "s";
  }

  /**
   * Checks a page size.
   *
   * @throws InvalidInputException unless between 1 and {@value #MAX_PAGE}
   */
  public static int pageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit must be between 1 and " + MAX_PAGE + "; got " + limit);
    }
    return limit;
  }

  /**
   * Checks a list prefix or cursor: empty, or at most {@link InputRules#MAX_PATH_LENGTH} characters
   * of the path alphabet.
   *
   * @throws InvalidInputException otherwise, naming the field
   */
  public static String pathPrefix(String field, String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    try {
      return InputRules.secretPath(prefix);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field + ": " + e.getMessage());
    }
  }
}
