package ist.spike.api.internal;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Go's {@code time.Time} JSON form: RFC 3339 with up to nine fraction digits, zeros trimmed. */
public final class GoTime {
  /** Go's zero {@code time.Time}: {@code 0001-01-01T00:00:00Z}. */
  public static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private GoTime() {}

  /**
   * Formats like Go's {@code time.RFC3339Nano}.
   *
   * @param t the instant with its offset
   * @return for example {@code 2025-01-02T03:05:06.5Z} or {@code 2025-06-01T14:00:00+02:00}
   */
  public static String format(OffsetDateTime t) {
    StringBuilder sb = new StringBuilder(35);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new DateTimeException("year outside of range [0,9999]: " + year);
    }
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      StringBuilder frac = new StringBuilder(9);
      pad(frac, nanos, 9);
      int end = 9;
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    int offset = t.getOffset().getTotalSeconds();
    if (offset == 0) {
      sb.append('Z');
    } else {
      sb.append(offset < 0 ? '-' : '+');
      int abs = Math.abs(offset);
      pad(sb, abs / 3600, 2).append(':');
      pad(sb, (abs / 60) % 60, 2);
    }
    return sb.toString();
  }

  /**
   * Parses what Go's {@code time.Time.UnmarshalJSON} accepts (RFC 3339, offset required).
   *
   * @param s the text without quotes
   * @return the time with its offset
   * @throws DateTimeException if the text is not RFC 3339
   */
  public static OffsetDateTime parse(String s) {
    if (!RFC3339.matcher(s).matches()) {
      throw new DateTimeException("time must be RFC 3339 with a zone offset");
    }
    return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
