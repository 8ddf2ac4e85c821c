package ist.spike.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --help} and {@code --version} for the server launchers ({@code spike-nexus}, {@code
 * spike-keeper}, {@code spike-bootstrap}), which are configured by environment variables rather
 * than options: the usage lists every {@code SPIKE_*} variable the server reads.
 */
public final class LauncherHelp {
  private static final List<String> TOKENS =
      List.of("-h", "--help", "help", "-V", "--version", "version");

  private LauncherHelp() {}

  /**
   * Prints the usage or the version when the arguments ask for one.
   *
   * @param args the launcher's arguments
   * @param name the command name, for example {@code spike-nexus}
   * @param description what the server does, one line per element
   * @param variables the environment variables it reads
   * @param out where to print
   * @return the exit code (0) when help or version was printed; empty to start the server
   */
  public static OptionalInt handle(
      String[] args,
      String name,
      List<String> description,
      List<String> variables,
      PrintWriter out) {
    requireNonNull(args, "args");
    boolean asked = false;
    for (String a : args) {
      asked |= TOKENS.contains(a);
    }
    if (!asked) {
      return OptionalInt.empty();
    }
    CommandLine cli = new CommandLine(spec(name, description, variables));
    cli.setOut(out);
    boolean version = false;
    for (String a : args) {
      version |= a.equals("-V") || a.equals("--version") || a.equals("version");
    }
    if (version) {
      cli.printVersionHelp(out);
    } else {
      cli.usage(out);
    }
    out.flush();
    return OptionalInt.of(0);
  }

  static CommandSpec spec(String name, List<String> description, List<String> variables) {
    CommandSpec spec =
        CommandSpec.create()
            .name(name)
            .mixinStandardHelpOptions(true)
            .versionProvider(new BuildVersionProvider());
    List<String> footer = new ArrayList<>();
    for (String v : variables) {
      footer.add("  " + v);
    }
    footer.add("");
    footer.add("Defaults and meanings: docs/configuration.md.");
    spec.usageMessage()
        .description(description.toArray(String[]::new))
        .footerHeading("%nEnvironment variables read:%n")
        .footer(footer.toArray(String[]::new));
    return spec;
  }

  /** Variables every server reads: its SVID source, trust roots and HTTP server limits. */
  public static final List<String> SERVER_COMMON =
      List.of(
          "SPIKE_SVID_DIR",
          "SPIFFE_ENDPOINT_SOCKET",
          "SPIKE_SPIFFE_SOURCE_TIMEOUT",
          "SPIKE_TRUST_ROOT_NEXUS",
          "SPIKE_TRUST_ROOT_KEEPER",
          "SPIKE_TRUST_ROOT_PILOT",
          "SPIKE_TRUST_ROOT_BOOTSTRAP",
          "SPIKE_TRUST_ROOT_LITE_WORKLOAD",
          "SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES",
          "SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS",
          "SPIKE_HTTP_SERVER_MAX_CONNECTIONS",
          "SPIKE_HTTP_SERVER_READ_HEADER_TIMEOUT",
          "SPIKE_HTTP_SERVER_READ_TIMEOUT",
          "SPIKE_HTTP_SERVER_IDLE_TIMEOUT",
          "SPIKE_HTTP_SERVER_ERROR_MESSAGES",
          "SPIKE_HTTP_SERVER_HEALTH_ADDR",
          "SPIKE_HTTP_SERVER_METRICS_ADDR",
          "SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS_PER_PEER",
          "SPIKE_HTTP_SERVER_MAX_CONNECTIONS_PER_PEER",
          "SPIKE_HTTP_SERVER_RESERVED_REQUESTS",
          "SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES",
          "SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES_PER_ADDRESS",
          "SPIKE_HTTP_SERVER_TLS_HANDSHAKE_TIMEOUT",
          "SPIKE_HTTP_SERVER_MIN_REQUEST_DATA_RATE",
          "SPIKE_TLS_PROVIDER");
}
