package ist.spike.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The first requests a Nexus serves after it turns ready, one at a time: {@code n} rounds of a
 * secret put and a get of what was put, each timed on its own. For {@link NexusStartExperiment}: a
 * start-up change that loads or compiles less before ready may pay for it in these requests.
 *
 * @param putMillis each put's latency, in order
 * @param getMillis each get's latency, in order
 */
record FirstRequests(double[] putMillis, double[] getMillis) {

  /**
   * Sends the requests and times them.
   *
   * @param http a client with Pilot's mTLS identity
   * @param nexus Nexus's base URI
   * @param n how many put and get rounds
   * @param tag a path component that keeps one restart's secrets apart from another's
   * @throws IOException if a request fails or is refused
   */
  static FirstRequests send(HttpClient http, URI nexus, int n, String tag)
      throws IOException, InterruptedException {
    double[] put = new double[n];
    double[] get = new double[n];
    for (int i = 0; i < n; i++) {
      String path = "bench/first/" + tag + "/" + i;
      byte[] putBody =
          ("{\"path\":\"" + path + "\",\"values\":{\"password\":\"0123456789abcdef\"}}")
              .getBytes(StandardCharsets.UTF_8);
      long t0 = System.nanoTime();
      ServerSuite.send(http, ServerSuite.post(nexus, "/v1/store/secrets", putBody), 200);
      long t1 = System.nanoTime();
      ServerSuite.send(
          http,
          ServerSuite.post(
              nexus,
              "/v1/store/secrets?action=get",
              ("{\"path\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8)),
          200);
      long t2 = System.nanoTime();
      put[i] = (t1 - t0) / 1e6;
      get[i] = (t2 - t1) / 1e6;
    }
    return new FirstRequests(put, get);
  }

  /** The first put's latency. */
  double firstPut() {
    return putMillis[0];
  }

  /** The first get's latency. */
  double firstGet() {
    return getMillis[0];
  }

  /** The time of all rounds, puts and gets. */
  double totalMillis() {
    return Arrays.stream(putMillis).sum() + Arrays.stream(getMillis).sum();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "first put %.1f ms, first get %.1f ms, %d rounds %.1f ms",
        firstPut(),
        firstGet(),
        putMillis.length,
        totalMillis());
  }
}
