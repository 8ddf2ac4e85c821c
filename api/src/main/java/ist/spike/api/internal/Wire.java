package ist.spike.api.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normalisation helpers for the compact constructors of wire records (Go zero values). */
public final class Wire {
  private Wire() {}

  public static String str(String s) {
    return s == null ? "" : s;
  }

  /** Copies a nullable map (null = Go nil); null values become {@code ""}. */
  public static Map<String, String> stringMap(Map<String, String> m) {
    if (m == null) {
      return null;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(str(k), str(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** Copies a nullable list (null = Go nil); null elements become {@code ""}. */
  public static List<String> stringList(List<String> l) {
    if (l == null) {
      return null;
    }
    List<String> copy = new ArrayList<>(l.size());
    l.forEach(s -> copy.add(str(s)));
    return Collections.unmodifiableList(copy);
  }

  /** Copies a nullable list (null = Go nil); null elements become 0. */
  public static List<Integer> intList(List<Integer> l) {
    if (l == null) {
      return null;
    }
    List<Integer> copy = new ArrayList<>(l.size());
    l.forEach(i -> copy.add(i == null ? 0 : i));
    return Collections.unmodifiableList(copy);
  }

  public static byte[] bytes(byte[] b) {
    return b == null ? null : b.clone();
  }
}
