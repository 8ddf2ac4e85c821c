package ist.spike.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class KeeperPeersTest {
  @Test
  void parse_list_keepsOrderAndTrims() {
    assertThat(KeeperPeers.parse(" https://a:8443 ,https://b:8543/"))
        .containsExactly(URI.create("https://a:8443"), URI.create("https://b:8543"));
  }

  @Test
  void parse_badEntries_nameTheRule() {
    assertThatThrownBy(() -> KeeperPeers.parse(null)).hasMessageContaining("is not set");
    assertThatThrownBy(() -> KeeperPeers.parse("https://a,,https://b"))
        .hasMessageContaining("entry 2 is empty");
    assertThatThrownBy(() -> KeeperPeers.parse("http://a"))
        .hasMessageContaining("must be https://host");
    assertThatThrownBy(() -> KeeperPeers.parse("https://a:1,https://A:1"))
        .hasMessageContaining("more than once");
  }
}
