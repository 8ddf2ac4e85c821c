package ist.spike.custody;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses {@code SPIKE_NEXUS_KEEPER_PEERS}: comma-separated {@code https://host[:port]} URLs. The
 * 1-based position of a Keeper in the list is the index of the shard it holds.
 */
public final class KeeperPeers {
  private KeeperPeers() {}

  /**
   * Parses the list.
   *
   * @param value the variable's value
   * @return the Keeper base URLs in order
   * @throws IllegalArgumentException if the value is missing or any entry is empty, not an https
   *     URL with a host, or repeated
   */
  public static List<URI> parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_KEEPER_PEERS is not set; it must list the keepers as https://host:port,...");
    }
    List<URI> peers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int position = 0;
    for (String raw : value.split(",", -1)) {
      position++;
      String entry = raw.trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_KEEPER_PEERS entry " + position + " is empty");
      }
      URI uri;
      try {
        uri = new URI(entry);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_KEEPER_PEERS entry " + position + " is not a URL: " + entry);
      }
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_KEEPER_PEERS entry "
                + position
                + " must be https://host[:port], got "
                + entry);
      }
      String normal = entry.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
      if (!seen.add(normal)) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_KEEPER_PEERS lists " + entry + " more than once");
      }
      peers.add(URI.create(entry.replaceAll("/+$", "")));
    }
    return List.copyOf(peers);
  }
}
