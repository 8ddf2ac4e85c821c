package ist.spike.pilot.secret;

import static java.util.Objects.requireNonNull;

import ist.spike.pilot.OutputFormat;
import ist.spike.pilot.PilotContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code spike secret get} read without picocli when its command line is plainly well-formed (issue
 * 13, ADR 0244). Building picocli's command tree for the one command costs about 100 ms of a cold
 * JVM (annotation proxies, reflection); this reads the few forms a user types and runs the same
 * {@link SecretCommand.Get} with the same values.
 *
 * <p>It accepts only: {@code secret get}, then in any order a path, an optional key, and at most
 * once each {@code -v}/{@code --version} and {@code -f}/{@code --format}, their value in the next
 * argument, after {@code =}, or (short names) attached. A version is 1 to 9 ASCII digits, a format
 * 1 to 5 ASCII letters that {@link OutputFormat#parse} knows. Anything else — help, {@code --},
 * another option, a repeated option, an argument that starts with {@code -} or {@code @} (picocli's
 * argument files), an empty argument, a missing path, a third parameter, or any {@code picocli.*}
 * system property (tracing, parser settings) — is declined, and picocli parses it as before, so
 * every usage message and error stays picocli's. A property test checks that whatever this accepts,
 * picocli parses to the same values.
 */
public final class QuickGet {
  private static final int MAX_VERSION_DIGITS = 9;
  private static final int MAX_FORMAT_LETTERS = 5;

  /**
   * The values of a well-formed {@code secret get}.
   *
   * @param path the secret path (not yet validated: the command checks it, as with picocli)
   * @param key the key to print, or null for every key
   * @param version the version to read (0: current)
   * @param format the output format
   */
  public record Arguments(String path, String key, int version, OutputFormat format) {
    /** Checks the required values. */
    public Arguments {
      requireNonNull(path, "path");
      requireNonNull(format, "format");
    }
  }

  private QuickGet() {}

  /**
   * Reads a {@code secret get} command line, or declines it.
   *
   * @param args Pilot's arguments, from the first
   * @return the values, or empty when picocli must parse the arguments
   */
  public static Optional<Arguments> parse(String[] args) {
    if (args.length < 3
        || !args[0].equals("secret")
        || !args[1].equals("get")
        || picocliConfigured()) {
      return Optional.empty();
    }
    String path = null;
    String key = null;
    String version = null;
    String format = null;
    for (int i = 2; i < args.length; i++) {
      String arg = args[i];
      if (arg.isEmpty() || arg.charAt(0) == '@') {
        return Optional.empty();
      }
      if (arg.charAt(0) != '-') {
        if (path == null) {
          path = arg;
        } else if (key == null) {
          key = arg;
        } else {
          return Optional.empty();
        }
        continue;
      }
      Option option = Option.of(arg);
      if (option == null) {
        return Optional.empty();
      }
      String value = option.attachedValue(arg);
      if (value == null) {
        if (i + 1 == args.length) {
          return Optional.empty();
        }
        value = args[++i];
      }
      if (option == Option.VERSION) {
        if (version != null || !isVersion(value)) {
          return Optional.empty();
        }
        version = value;
      } else {
        if (format != null || !isFormatWord(value)) {
          return Optional.empty();
        }
        format = value;
      }
    }
    if (path == null) {
      return Optional.empty();
    }
    OutputFormat outputFormat;
    try {
      outputFormat = format == null ? OutputFormat.HUMAN : OutputFormat.parse(format);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // picocli reports the invalid value
    }
    return Optional.of(
        new Arguments(path, key, version == null ? 0 : Integer.parseInt(version), outputFormat));
  }

  /**
   * The command picocli would run for these values: the same {@code get}, with its checks, output
   * and exit codes.
   *
   * @param ctx the context
   * @param arguments the parsed values
   * @return the command
   */
  public static Callable<Integer> command(PilotContext ctx, Arguments arguments) {
    return SecretCommand.Get.of(ctx, arguments);
  }

  /** {@code get}'s two options, by the names picocli gives them. */
  private enum Option {
    VERSION("-v", "--version"),
    FORMAT("-f", "--format");

    private final String shortName;
    private final String longName;

    Option(String shortName, String longName) {
      this.shortName = shortName;
      this.longName = longName;
    }

    /**
     * The option {@code arg} names (alone, with {@code =value}, or short with a value), or null.
     */
    static Option of(String arg) {
      for (Option o : values()) {
        if (arg.equals(o.longName) || o.longWithValue(arg) || arg.startsWith(o.shortName)) {
          return o;
        }
      }
      return null;
    }

    private boolean longWithValue(String arg) {
      return arg.startsWith(longName)
          && arg.length() > longName.length()
          && arg.charAt(longName.length()) == '=';
    }

    /** The value given inside {@code arg}, or null when it is in the next argument. */
    String attachedValue(String arg) {
      if (arg.equals(shortName) || arg.equals(longName)) {
        return null;
      }
      if (longWithValue(arg)) {
        return arg.substring(longName.length() + 1);
      }
      String rest = arg.substring(shortName.length());
      return rest.startsWith("=") ? rest.substring(1) : rest;
    }
  }

  // plain loops: a lambda's first call costs a cold JVM more than this whole parse
  private static boolean isVersion(String value) {
    if (value.isEmpty() || value.length() > MAX_VERSION_DIGITS) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isFormatWord(String value) {
    if (value.isEmpty() || value.length() > MAX_FORMAT_LETTERS) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** Any {@code picocli.*} system property may change how picocli parses or what it prints. */
  private static boolean picocliConfigured() {
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("picocli.")) {
        return true;
      }
    }
    return false;
  }
}
