package example;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.identity.SvidUnavailableException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one key of a SPIKE secret with an SVID from the SPIFFE Workload API and prints it: {@code
 * ReadSecretOverWorkloadApi PATH KEY}. {@code SPIFFE_ENDPOINT_SOCKET} names the agent's socket
 * ({@code unix:///run/spire/agent.sock}); {@code SPIKE_NEXUS_API_URL} names Nexus.
 */
public final class ReadSecretOverWorkloadApi {
  private ReadSecretOverWorkloadApi() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ReadSecretOverWorkloadApi PATH KEY");
      System.exit(2);
    }
    if (System.getenv("SPIFFE_ENDPOINT_SOCKET") == null) {
      System.err.println("set SPIFFE_ENDPOINT_SOCKET to the Workload API socket of a SPIRE agent");
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
