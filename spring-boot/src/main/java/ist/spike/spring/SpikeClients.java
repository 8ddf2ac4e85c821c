package ist.spike.spring;

import ist.spike.client.SpikeClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds a {@link SpikeClient} from {@link SpikeProperties} over SPIKE's environment variables. */
final class SpikeClients {
  private SpikeClients() {}

  static SpikeClient create(SpikeProperties p, Map<String, String> systemEnv) {
    Map<String, String> env = new HashMap<>(systemEnv);
    put(env, "SPIKE_NEXUS_API_URL", p.getNexusUrl());
    put(env, "SPIKE_SVID_DIR", p.getSvidDir());
    put(env, "SPIFFE_ENDPOINT_SOCKET", p.getEndpointSocket());
    put(env, "SPIKE_TRUST_ROOT_NEXUS", p.getTrustRootNexus());
    put(env, "SPIKE_SDK_SVID_WAIT", goDuration(p.getSvidWait()));
    put(env, "SPIKE_HTTP_CLIENT_TIMEOUT", goDuration(p.getRequestTimeout()));
    put(env, "SPIKE_HTTP_CLIENT_DIALER_TIMEOUT", goDuration(p.getConnectTimeout()));
    return SpikeClient.fromEnvironment(
        env, b -> p.getCacheTtl() == null ? b : b.cache(p.getCacheTtl(), p.getCacheMaxEntries()));
  }

  private static void put(Map<String, String> env, String name, String value) {
    if (value != null && !value.isBlank()) {
      env.put(name, value.trim());
    }
  }

  private static String goDuration(Duration d) {
    return d == null ? null : d.toMillis() + "ms";
  }
}
