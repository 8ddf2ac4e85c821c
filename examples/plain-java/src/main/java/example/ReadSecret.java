package example;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.identity.SvidUnavailableException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one key of a SPIKE secret and prints it: {@code ReadSecret PATH KEY}. The SVID and the
 * Nexus URL come from the environment ({@code SPIKE_SVID_DIR}, {@code SPIKE_NEXUS_API_URL}).
 */
public final class ReadSecret {
  private ReadSecret() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ReadSecret PATH KEY");
      System.exit(2);
    }
    try (SpikeClient spike = SpikeClient.fromEnvironment(System.getenv())) {
      Optional<Map<String, String>> secret = spike.secrets().get(args[0]);
      if (secret.isEmpty() || !secret.get().containsKey(args[1])) {
        System.err.println("no key " + args[1] + " in secret " + args[0]);
        System.exit(1);
      }
      System.out.println(secret.get().get(args[1]));
    } catch (SvidUnavailableException e) {
      System.err.println("no SVID: " + e.getMessage());
      System.exit(3);
    } catch (SpikeException e) {
      System.err.println("SPIKE refused: " + e.getMessage());
      System.exit(4);
    }
  }
}
