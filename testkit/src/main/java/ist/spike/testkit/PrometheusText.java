package ist.spike.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses a Prometheus text exposition with the reference parser of the Prometheus Python client
 * ({@code prometheus_client.parser.text_string_to_metric_families}; Debian package {@code
 * python3-prometheus-client}), which rejects malformed text. Tests using it are skipped where the
 * package is missing.
 */
public final class PrometheusText {
  // Debian's interpreter, where the Debian package installs the module.
  private static final String PYTHON = "/usr/bin/python3";

  private static final String SCRIPT =
      String.join(
          "\n",
          "import json, sys",
          "from prometheus_client.parser import text_string_to_metric_families",
          "out = []",
          "for f in text_string_to_metric_families(sys.stdin.read()):",
          "    for s in f.samples:",
          "        out.append({'family': f.name, 'type': f.type, 'name': s.name,",
          "                    'labels': s.labels, 'value': s.value})",
          "print(json.dumps(out))",
          "");

  /** One parsed sample. */
  public record Sample(
      String family, String type, String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  /** Skips the calling test unless python3 with prometheus_client is installed. */
  public static void assumeParserAvailable() {
    boolean available;
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser")
              .redirectErrorStream(true)
              .start();
      available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      p.destroyForcibly();
    } catch (IOException e) {
      available = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      available = false;
    }
    assumeTrue(available, "python3-prometheus-client is not installed");
  }

  /**
   * Parses the text.
   *
   * @param text the exposition
   * @return every sample
   * @throws IllegalArgumentException with the parser's message if the text is malformed
   */
  public static List<Sample> parse(String text) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalArgumentException(
          "the Prometheus parser refused the text: " + new String(err, StandardCharsets.UTF_8));
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode s :
        new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .readTree(out)) {
      Map<String, String> labels = new LinkedHashMap<>();
      s.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(
          new Sample(
              s.get("family").asText(),
              s.get("type").asText(),
              s.get("name").asText(),
              labels,
              s.get("value").asDouble()));
    }
    return samples;
  }

  /** Returns the samples of that name whose labels include all of {@code labels}. */
  public static List<Sample> find(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }
}
