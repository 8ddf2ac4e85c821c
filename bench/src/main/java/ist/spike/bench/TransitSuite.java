package ist.spike.bench;

import static ist.spike.bench.ServerSuite.post;
import static ist.spike.bench.ServerSuite.send;

import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadGenerator;
import ist.spike.bench.load.LoadResult;
import ist.spike.bench.load.Operation;
import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.identity.SpikeRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Named transit keys against the dev stack (SQLite, real processes, mTLS): encrypt, decrypt and
 * rewrap of 256-byte plaintexts with a key name, each beside SPIKE's root-key cipher route doing
 * the same work in the same run, and a 100-item batch. A transit call reads and unseals the key's
 * record from storage on every request, which the root-key cipher does not: the ratio shows that
 * cost.
 */
final class TransitSuite implements Suite {
  static final String ENCRYPT = "transit encrypt (256 B)";
  static final String DECRYPT = "transit decrypt (256 B)";
  static final String REWRAP = "transit rewrap (256 B)";
  static final String BATCH = "transit batch encrypt (100 × 256 B)";
  private static final int CONCURRENCY = ServerSuite.CONCURRENCY;

  private final BenchSettings settings;

  TransitSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "transit";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(
        Figure.notMeasured(ENCRYPT, "req/s", Optional.empty(), why),
        Figure.notMeasured(DECRYPT, "req/s", Optional.empty(), why),
        Figure.notMeasured(REWRAP, "req/s", Optional.empty(), why),
        Figure.notMeasured(BATCH, "items/s", Optional.empty(), why));
  }

  @Override
  public List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    java.nio.file.Path dir = settings.out().resolve("scratch/transit-" + System.nanoTime());
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(90))) {
      HttpClient http =
          Mtls.client(
              stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER),
              stack.trust().roles().verifierFor(SpikeRole.NEXUS));
      URI nexus = stack.nexusUrl();
      byte[] plain = new byte[256];
      new SecureRandom().nextBytes(plain);
      String b64 = Base64.getEncoder().encodeToString(plain);
      send(http, post(nexus, "/v1/transit/keys", json("{\"name\":\"bench\"}")), 200);
      byte[] encBody = json("{\"name\":\"bench\",\"plaintext\":\"" + b64 + "\"}");
      String v1 = field(call(http, nexus, "/v1/transit/encrypt", encBody), "ciphertext");
      send(http, post(nexus, "/v1/transit/keys?action=rotate", json("{\"name\":\"bench\"}")), 200);
      byte[] decBody = json("{\"name\":\"bench\",\"ciphertext\":\"" + v1 + "\"}");

      byte[] cipherEnc = json("{\"plaintext\":\"" + b64 + "\"}");
      String sealed = call(http, nexus, "/v1/cipher/encrypt", cipherEnc);
      byte[] cipherDec =
          json(
              "{\"version\":1,\"nonce\":\""
                  + field(sealed, "nonce")
                  + "\",\"ciphertext\":\""
                  + field(sealed, "ciphertext")
                  + "\"}");

      // Nexus is a fresh JVM: warm every path up first, so that the order of the measured runs
      // does not decide which one pays for the JIT.
      for (int round = 0; round < 2; round++) {
        load(http, nexus, "/v1/cipher/encrypt", cipherEnc);
        load(http, nexus, "/v1/transit/encrypt", encBody);
        load(http, nexus, "/v1/cipher/decrypt", cipherDec);
        load(http, nexus, "/v1/transit/decrypt", decBody);
        load(http, nexus, "/v1/transit/rewrap", decBody);
      }
      LoadResult rootEnc = load(http, nexus, "/v1/cipher/encrypt", cipherEnc);
      LoadResult enc = load(http, nexus, "/v1/transit/encrypt", encBody);
      LoadResult rootDec = load(http, nexus, "/v1/cipher/decrypt", cipherDec);
      LoadResult dec = load(http, nexus, "/v1/transit/decrypt", decBody);
      LoadResult rewrap = load(http, nexus, "/v1/transit/rewrap", decBody);
      StringBuilder batch = new StringBuilder("{\"name\":\"bench\",\"batch\":[");
      for (int i = 0; i < 100; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"plaintext\":\"").append(b64).append("\"}");
      }
      LoadResult batched =
          load(http, nexus, "/v1/transit/encrypt", json(batch.append("]}").toString()));

      String how = "closed loop, " + CONCURRENCY + " keep-alive mTLS connections, SQLite; ";
      out.add(
          Figure.of(ENCRYPT, enc.goodput(), "req/s", how + "transit: " + enc + "; root: " + rootEnc)
              .withBaseline("root-key cipher JSON encrypt, same plaintext", rootEnc.goodput()));
      out.add(
          Figure.of(DECRYPT, dec.goodput(), "req/s", how + "transit: " + dec + "; root: " + rootDec)
              .withBaseline("root-key cipher JSON decrypt, same plaintext", rootDec.goodput()));
      out.add(
          Figure.of(
                  REWRAP,
                  rewrap.goodput(),
                  "req/s",
                  how + "version 1 to 2, plaintext stays in Nexus: " + rewrap)
              .withBaseline("transit decrypt of the same ciphertext", dec.goodput()));
      out.add(
          Figure.of(
                  BATCH,
                  batched.goodput() * 100,
                  "items/s",
                  how + "100 items per request: " + batched)
              .withBaseline("single-item transit encrypt, items/s", enc.goodput()));
    }
    return out;
  }

  private LoadResult load(HttpClient http, URI nexus, String path, byte[] body) throws Exception {
    Operation op = seq -> send(http, post(nexus, path, body), 200);
    return LoadGenerator.run(
        LoadConfig.closedLoop(
            CONCURRENCY,
            Duration.ofSeconds(settings.quick() ? 1 : 2),
            Duration.ofSeconds(settings.loadSeconds())),
        op);
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String call(HttpClient http, URI nexus, String path, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(post(nexus, path, body), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** The string value of a top-level field of a flat JSON answer (no escapes in our values). */
  private static String field(String json, String name) throws IOException {
    String key = "\"" + name + "\":\"";
    int i = json.indexOf(key);
    if (i < 0) {
      throw new IOException("no " + name + " in " + json);
    }
    int start = i + key.length();
    return json.substring(start, json.indexOf('"', start));
  }
}
