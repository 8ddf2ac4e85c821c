package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.pilot.secret.QuickGet;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code secret get} read without picocli (ADR 0244): whatever {@link QuickGet} accepts, picocli
 * parses to the same values, and the command then prints and exits the same.
 */
class QuickGetTest {
  /** Words a user (or a typo) puts after {@code secret get}: valid, near-valid and hostile. */
  private static final List<String> WORDS =
      List.of(
          "a/b",
          "kv/x",
          "secrets/db/creds",
          "pass",
          "user",
          "k=v",
          "a b",
          "bad path!",
          "help",
          "get",
          "secret",
          "put",
          "json",
          "j",
          "yaml",
          "y",
          "human",
          "h",
          "plain",
          "p",
          "JSON",
          "Yaml",
          "xml",
          " json",
          "0",
          "1",
          "7",
          "007",
          "123456789",
          "1234567890",
          "2147483648",
          "-1",
          "+1",
          "0x10",
          "1_0",
          "٣",
          "-v",
          "--version",
          "-v3",
          "-v=3",
          "-v=",
          "-v-1",
          "-v+1",
          "-vf",
          "-v0x1",
          "--version=3",
          "--version=",
          "--version3",
          "--versio",
          "--version=-1",
          "-f",
          "--format",
          "-fjson",
          "-f=j",
          "-f=",
          "-fy",
          "-fJSON",
          "-f-v",
          "-fv",
          "--format=yaml",
          "--format=",
          "--format=xml",
          "--formatjson",
          "--form",
          "-V",
          "-h",
          "--help",
          "-x",
          "-",
          "--",
          "-vh",
          "-hv",
          "@args.txt",
          "@",
          "");

  @Provide
  Arbitrary<List<String>> commandLines() {
    Arbitrary<String> word = Arbitraries.of(WORDS);
    Arbitrary<List<String>> afterGet = word.list().ofMaxSize(6);
    Arbitrary<List<String>> prefix =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(20, Arbitraries.just(List.of("secret", "get"))),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("secret", "put"))),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("secret"))),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("secret", "-h", "get"))),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("policy", "get"))));
    return prefix.flatMap(
        p ->
            afterGet.map(
                rest -> {
                  List<String> all = new ArrayList<>(p);
                  all.addAll(rest);
                  return all;
                }));
  }

  @Property(tries = 1000)
  void parse_acceptsOnlyWhatPicocliParsesToTheSameValues(
      @ForAll("commandLines") List<String> line) {
    String[] args = line.toArray(String[]::new);
    Optional<QuickGet.Arguments> quick = QuickGet.parse(args);
    Optional<QuickGet.Arguments> picocli = picocli(args);
    if (quick.isPresent()) {
      assertThat(picocli).as("%s", line).isEqualTo(quick);
    }
  }

  @Test
  void parse_theFormsAUserTypes() {
    assertThat(parse("secret", "get", "a/b")).contains(args("a/b", null, 0, OutputFormat.HUMAN));
    assertThat(parse("secret", "get", "a/b", "pass"))
        .contains(args("a/b", "pass", 0, OutputFormat.HUMAN));
    assertThat(parse("secret", "get", "-v", "3", "a/b", "-f", "json", "pass"))
        .contains(args("a/b", "pass", 3, OutputFormat.JSON));
    assertThat(parse("secret", "get", "a/b", "-v3", "-fy"))
        .contains(args("a/b", null, 3, OutputFormat.YAML));
    assertThat(parse("secret", "get", "a/b", "--version=007", "--format=PLAIN"))
        .contains(args("a/b", null, 7, OutputFormat.HUMAN));
    assertThat(parse("secret", "get", "a/b", "-v=0", "-f=j"))
        .contains(args("a/b", null, 0, OutputFormat.JSON));
    // an invalid path is the command's to report, as after picocli
    assertThat(parse("secret", "get", "bad path!")).isPresent();
    for (String[] line : List.of(EXAMPLES)) {
      if (QuickGet.parse(line).isPresent()) {
        assertThat(picocli(line)).as(String.join(" ", line)).isEqualTo(QuickGet.parse(line));
      }
    }
  }

  private static final String[][] DECLINED = {
    {"secret", "get"},
    {"secret", "get", "--help"},
    {"secret", "get", "a", "-h"},
    {"secret", "get", "a", "b", "c"},
    {"secret", "get", "--", "a"},
    {"secret", "get", "a", "-v"},
    {"secret", "get", "a", "-v", "-1"},
    {"secret", "get", "a", "-v", "x"},
    {"secret", "get", "a", "-v", "1", "-v", "1"},
    {"secret", "get", "a", "-f", "json", "--format", "json"},
    {"secret", "get", "a", "-f", "xml"},
    {"secret", "get", "a", "-f="},
    {"secret", "get", "a", "--verbose"},
    {"secret", "get", "a", "-vf"},
    {"secret", "get", "@args.txt"},
    {"secret", "get", ""},
    {"secret", "get", "-", "k"},
    {"secret", "get", "a", "-v", "1234567890"},
    {"secret", "-h", "get", "a"},
    {"secret", "put", "a", "k=v"},
    {"policy", "get", "a"},
    {"get", "secret", "a"}
  };

  private static final String[][] EXAMPLES = {
    {"secret", "get", "a", "help"},
    {"secret", "get", "get", "secret"},
    {"secret", "get", "a", "-f", "p"},
    {"secret", "get", "-fJSON", "a"},
    {"secret", "get", "a", "k", "--version", "42"}
  };

  @Test
  void parse_declinesWhatPicocliMustRead() {
    for (String[] line : DECLINED) {
      assertThat(QuickGet.parse(line)).as(String.join(" ", line)).isEmpty();
    }
  }

  @Test
  void parse_declinesWhenAPicocliPropertyIsSet() {
    System.setProperty("picocli.trace", "DEBUG");
    try {
      assertThat(QuickGet.parse(new String[] {"secret", "get", "a"})).isEmpty();
    } finally {
      System.clearProperty("picocli.trace");
    }
    assertThat(QuickGet.parse(new String[] {"secret", "get", "a"})).isPresent();
  }

  /** Same exit code, output and error text with and without picocli, up to the client. */
  @Test
  void run_sameOutcomeAsPicocli() {
    ClientFactory broken =
        env -> {
          throw new IllegalStateException("no SVID in /nowhere");
        };
    for (String[] line :
        List.of(
            new String[] {"secret", "get", "a/b"},
            new String[] {"secret", "get", "a/b", "k", "-f", "yaml", "-v", "2"},
            new String[] {"secret", "get", "bad path!"},
            new String[] {"secret", "get", "a(b)", "--format=json"})) {
      assertThat(QuickGet.parse(line)).as(String.join(" ", line)).isPresent();
      assertThat(outcome(line, broken, true))
          .as(String.join(" ", line))
          .isEqualTo(outcome(line, broken, false));
    }
  }

  /** A command that throws is reported by the same handler as under picocli. */
  @Test
  void execute_anExceptionGoesToPilotsHandler() {
    StringWriter sink = new StringWriter();
    PilotContext ctx = context(sink);
    int code =
        PilotMain.execute(
            ctx,
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(code).isEqualTo(1);
    assertThat(sink.toString()).isEqualTo("Error: boom" + System.lineSeparator());
  }

  private static String outcome(String[] args, ClientFactory clients, boolean quick) {
    PilotKvCommandsTest.Result r = PilotKvCommandsTest.run(args, clients, quick);
    return r.code() + "\n" + r.out() + "\n---\n" + r.err();
  }

  private static Optional<QuickGet.Arguments> parse(String... args) {
    return QuickGet.parse(args);
  }

  private static QuickGet.Arguments args(String path, String key, int version, OutputFormat f) {
    return new QuickGet.Arguments(path, key, version, f);
  }

  /**
   * What picocli makes of the line in the tree Pilot builds for it: {@code get}'s values, or empty
   * when it is not a plain {@code secret get} (a usage error, help, another command).
   */
  private static Optional<QuickGet.Arguments> picocli(String[] args) {
    String top = PilotMain.topLevel(args);
    CommandLine cli =
        PilotMain.commandLine(
            context(new StringWriter()), top, top == null ? null : PilotMain.leaf(top, args));
    ParseResult result;
    try {
      result = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return Optional.empty();
    }
    List<ParseResult> levels = new ArrayList<>();
    for (ParseResult r = result; r != null; r = r.hasSubcommand() ? r.subcommand() : null) {
      levels.add(r);
    }
    if (levels.stream().anyMatch(r -> r.isUsageHelpRequested() || r.isVersionHelpRequested())
        || levels.size() != 3
        || !levels.get(1).commandSpec().name().equals("secret")
        || !levels.get(2).commandSpec().name().equals("get")) {
      return Optional.empty();
    }
    CommandSpec get = levels.get(2).commandSpec();
    return Optional.of(
        new QuickGet.Arguments(
            get.positionalParameters().get(0).getValue(),
            get.positionalParameters().get(1).getValue(),
            get.findOption("--version").<Integer>getValue(),
            get.findOption("--format").<OutputFormat>getValue()));
  }

  private static PilotContext context(StringWriter sink) {
    return PilotCommandTreeTest.context(sink);
  }
}
