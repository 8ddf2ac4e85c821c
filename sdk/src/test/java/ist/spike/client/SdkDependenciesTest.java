package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds the SDK's run-time dependency tree (what {@code ist.spike:spike-sdk} brings into a user's
 * project) to the JDK plus one JSON library: at most 5 jars besides the SDK itself, and none of
 * gRPC, Netty, BouncyCastle, Conscrypt, java-spiffe or an SLF4J binding. The list is written by the
 * build ({@code dependency:list} in {@code generate-test-resources}).
 */
class SdkDependenciesTest {
  private static final Pattern ARTIFACT =
      Pattern.compile("^\\s*([\\w.\\-]+):([\\w.\\-]+):jar:([^:]+):(compile|runtime)\\b.*$");

  static List<String> runtimeJars() throws IOException {
    Path list = Path.of("target", "runtime-dependencies.txt");
    assertThat(list).as("written by maven-dependency-plugin:list in the build").exists();
    return Files.readAllLines(list).stream()
        .map(ARTIFACT::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1) + ":" + m.group(2))
        .sorted()
        .collect(Collectors.toList());
  }

  @Test
  void runtimeTree_isAtMostFiveJars() throws IOException {
    List<String> jars = runtimeJars();

    assertThat(jars)
        .as("the SDK's run-time jars (JDK + one JSON library)")
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(5)
        .contains("ist.spike:spike-api", "com.fasterxml.jackson.core:jackson-databind");
  }

  @Test
  void runtimeTree_hasNoGrpcBouncyCastleConscryptOrLoggingJars() throws IOException {
    assertThat(runtimeJars())
        .noneMatch(
            j ->
                j.startsWith("io.grpc:")
                    || j.startsWith("io.netty:")
                    || j.startsWith("io.spiffe:")
                    || j.startsWith("org.bouncycastle:")
                    || j.startsWith("org.conscrypt:")
                    || j.startsWith("com.google.protobuf:")
                    || j.startsWith("org.slf4j:")
                    || j.startsWith("ch.qos.logback:"));
  }
}
