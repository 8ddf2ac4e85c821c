package ist.spike.api.json;

import ist.spike.api.FallbackResponse;
import java.util.Map;
import java.util.TreeMap;

/** Maps SPIKE's Go type names (as used in spike-wire.json) to our records. */
final class WireTypes {
  private static final String[] PACKAGES = {
    "ist.spike.api.secret.",
    "ist.spike.api.policy.",
    "ist.spike.api.cipher.",
    "ist.spike.api.operator.",
    "ist.spike.api.keeper.",
    "ist.spike.api.bootstrap."
  };

  private static final Map<String, Class<?>> CACHE = new TreeMap<>();

  private WireTypes() {}

  static synchronized Class<?> forGoName(String goName) {
    return CACHE.computeIfAbsent(goName, WireTypes::lookup);
  }

  private static Class<?> lookup(String goName) {
    if (goName.equals("FallbackResponse")) {
      return FallbackResponse.class;
    }
    for (String p : PACKAGES) {
      try {
        return Class.forName(p + goName);
      } catch (ClassNotFoundException e) {
        // try the next package
      }
    }
    throw new AssertionError("no record for Go type " + goName);
  }
}
