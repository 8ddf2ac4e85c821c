package ist.spike.nexus;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import ist.spike.api.json.SpikeJson;
import ist.spike.client.SpikeClient;
import ist.spike.crypto.RootKey;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * A real Nexus data plane on 127.0.0.1 over mTLS: a development trust domain, the server base,
 * {@link DataPlaneRoutes} on a real backend, the rotation and rekey routes as on a Nexus without
 * Keepers, clients per SPIFFE ID, and a capture of every log event (for the secret-leak scan).
 */
final class NexusHarness implements AutoCloseable {
  final DevTrustDomain td;
  final SpikeServer server;
  final DataPlaneRoutes data;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  NexusHarness(Path dir, BackendKind kind) {
    this(dir, kind, DataPlaneSettings.DEFAULTS);
  }

  NexusHarness(Path dir, BackendKind kind, DataPlaneSettings settings) {
    this(dir, kind, settings, null);
  }

  /** With a given root key ({@code null}: a random one); the caller keeps and closes it. */
  NexusHarness(Path dir, BackendKind kind, DataPlaneSettings settings, RootKey rootKey) {
    this(dir, kind, settings, rootKey, Clock.systemUTC());
  }

  /** With a given clock for secret times and version expiry. */
  NexusHarness(
      Path dir, BackendKind kind, DataPlaneSettings settings, RootKey rootKey, Clock clock) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    td = DevTrustDomain.create(dir.resolve("td"));
    FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
    closeables.add(nexus);
    data = new DataPlaneRoutes(kind, td.roles(), settings, clock);
    if (rootKey == null) {
      try (RootKey key = RootKey.generate(new SecureRandom())) {
        data.activate(openKeyed(kind, dir, key));
      }
    } else {
      data.activate(openKeyed(kind, dir, rootKey));
    }
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexus)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(
                new ist.spike.nexus.operator.RekeyRoutes(td.roles(), java.util.Optional.empty())
                    .addTo(
                        new ist.spike.nexus.operator.RotationRoutes(
                                td.roles(), java.util.Optional.empty())
                            .addTo(data.addTo(RouteTable.builder())))
                    .build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  /** Opens the store and records the key's key-check value with the data, as Nexus does. */
  private static ist.spike.nexus.store.Backend openKeyed(BackendKind kind, Path dir, RootKey key) {
    var backend = BackendFactory.open(BackendConfig.of(kind, dir.resolve("data")), key);
    backend.claimKeyCheck(ist.spike.crypto.KeyCheckValue.of(key).toBytes());
    return backend;
  }

  URI uri() {
    return server.uri();
  }

  SpikeClient client(SpiffeId id) {
    FileSvidSource source = td.sourceFor(id);
    closeables.add(source);
    SpikeClient c =
        SpikeClient.builder()
            .nexusUrl(uri())
            .svidSource(source)
            .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
            .build();
    closeables.add(c);
    return c;
  }

  SpikeClient client(SpikeRole role) {
    return client(td.idOf(role));
  }

  HttpClient http(SpiffeId id) {
    FileSvidSource source = td.sourceFor(id);
    closeables.add(source);
    return MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
  }

  /** Raw POST, for wire-level checks. */
  static HttpResponse<byte[]> post(
      HttpClient http, URI base, String target, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(target))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> postJson(HttpClient http, URI base, String target, String json)
      throws Exception {
    return post(http, base, target, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Every captured log line, with stack traces. */
  List<String> logLines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      StringBuilder sb =
          new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        sb.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
      out.add(sb.toString());
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
    data.close();
    for (AutoCloseable c : closeables.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // test cleanup
      }
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
  }
}
