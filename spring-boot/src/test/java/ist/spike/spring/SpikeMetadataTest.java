package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The starter ships configuration metadata, so IDEs complete {@code spike.*} properties. */
class SpikeMetadataTest {
  @Test
  void metadata_describesTheSpikeProperties() throws Exception {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json in the jar").isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json)
          .contains("\"spike.svid-dir\"")
          .contains("\"spike.nexus-url\"")
          .contains("\"spike.cache-ttl\"")
          .contains("\"spike.config.prefix\"")
          .contains("Directory with svid.pem");
    }
  }
}
