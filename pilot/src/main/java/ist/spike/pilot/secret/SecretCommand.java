package ist.spike.pilot.secret;

import static java.util.Objects.requireNonNull;

import ist.spike.client.SecretMetadata;
import ist.spike.client.Secrets;
import ist.spike.client.error.SpikeException;
import ist.spike.pilot.ApiErrors;
import ist.spike.pilot.BodyLimit;
import ist.spike.pilot.Calls;
import ist.spike.pilot.FormatOption;
import ist.spike.pilot.Output;
import ist.spike.pilot.OutputFormat;
import ist.spike.pilot.PilotContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spike secret}: the secret commands (spec §9). */
@Command(
    name = "secret",
    description = "Manage secrets.",
    mixinStandardHelpOptions = true,
    subcommands = {
      SecretCommand.Put.class,
      SecretCommand.Get.class,
      SecretCommand.Delete.class,
      SecretCommand.Undelete.class,
      SecretCommand.Destroy.class,
      SecretCommand.ListCmd.class,
      SecretCommand.Metadata.class
    })
public final class SecretCommand {
  static final String NOT_FOUND = "Error: Resource not found.";
  private static final Pattern PATH = Pattern.compile("^[a-zA-Z0-9._\\-/()?+*|\\[\\]{}\\\\]+$");

  /**
   * Creates the group.
   *
   * @param ctx the context (unused by the group itself)
   */
  public SecretCommand(PilotContext ctx) {
    requireNonNull(ctx, "ctx");
  }

  /**
   * {@code spike secret} without its subcommands, for a command line that names one of them (Pilot
   * adds that one alone; ADR 0226). Its attributes are the group's, less {@code subcommands}.
   */
  @Command(name = "secret", description = "Manage secrets.", mixinStandardHelpOptions = true)
  public static final class Bare {
    /** Creates the group. */
    public Bare() {}
  }

  static boolean validPath(PilotContext ctx, String path) {
    if (!PATH.matcher(path).matches()) {
      ctx.err().println("Error: Invalid secret path: " + path);
      ctx.err()
          .println("  paths may contain only letters, digits and . _ - / ( ) ? + * | [ ] { } \\");
      ctx.err().flush();
      return false;
    }
    return true;
  }

  static Optional<List<Integer>> parseVersions(PilotContext ctx, String csv) {
    List<Integer> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        ApiErrors.invalid(ctx.err(), "Error: Invalid version number: " + p);
        return Optional.empty();
      }
      if (v < 0) {
        ApiErrors.invalid(ctx.err(), "Error: Negative version number: " + p);
        return Optional.empty();
      }
      out.add(v);
    }
    return Optional.of(out);
  }

  static String human(OffsetDateTime t) {
    return t.atZoneSameInstant(ZoneId.of("UTC")).format(HumanTime.FORMAT);
  }

  /** Built on first use: {@code secret get} never prints a time. */
  private static final class HumanTime {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
  }

  /** {@code spike secret put <path> <key=value>...}. */
  @Command(name = "put", description = "Create a new version of a secret.")
  static final class Put implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<path>", description = "Secret path.")
    String path;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "<key=value>",
        description = {
          "Pairs. key=@FILE reads the value from FILE, key=- from standard input (once).",
        })
    List<String> pairs;

    @Option(
        names = "--cas",
        paramLabel = "<version>",
        description = "Write only if this is still the current version (0: must not exist).")
    Integer cas;

    Put(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (!validPath(ctx, path)) {
        return ApiErrors.FAILURE;
      }
      Map<String, String> values = new TreeMap<>();
      int limit = BodyLimit.bytes(ctx.env());
      long size = path.length();
      boolean stdinUsed = false;
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          return ApiErrors.invalid(
              ctx.err(), "Error: Invalid key-value pair: " + redactPair(pair) + " (use key=value)");
        }
        String key = pair.substring(0, eq);
        String raw = pair.substring(eq + 1);
        String value;
        try {
          if (raw.equals("-")) {
            if (stdinUsed) {
              return ApiErrors.invalid(
                  ctx.err(), "Error: only one value can be read from standard input (key=-).");
            }
            stdinUsed = true;
            value = ValueSource.read(ctx.in(), limit);
          } else if (raw.startsWith("@") && raw.length() > 1) {
            value = ValueSource.read(Path.of(raw.substring(1)), limit);
          } else {
            value = raw;
          }
        } catch (ValueSource.TooLargeException e) {
          return ApiErrors.invalid(ctx.err(), BodyLimit.message(ctx.env()));
        } catch (IOException e) {
          return ApiErrors.invalid(
              ctx.err(),
              "Error: cannot read the value of " + key + " from " + raw + ": " + e.getMessage());
        }
        values.put(key, value);
        // the JSON body: each pair quoted and separated, plus the envelope
        size += key.getBytes(StandardCharsets.UTF_8).length;
        size += value.getBytes(StandardCharsets.UTF_8).length + 8;
      }
      if (size + 64 > limit) {
        return ApiErrors.invalid(ctx.err(), BodyLimit.message(ctx.env()));
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            if (cas == null) {
              client.secrets().put(path, values);
            } else {
              client.secrets().putIfCurrent(path, values, cas);
            }
            ctx.out().println("OK");
            return 0;
          });
    }

    private static String redactPair(String pair) {
      return pair.length() > 40 ? pair.substring(0, 40) + "…" : pair;
    }
  }

  /** {@code spike secret get <path> [key]}. */
  @Command(name = "get", description = "Read a secret (or one key of it).")
  static final class Get implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<path>")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "[key]")
    String key;

    @Option(
        names = {"-v", "--version"},
        defaultValue = "0",
        description = "Version to read (0 = current).")
    int version;

    @Mixin FormatOption output;

    Get(PilotContext ctx) {
      this.ctx = ctx;
    }

    /** The command with the values {@link QuickGet} read, as picocli would have set them. */
    static Get of(PilotContext ctx, QuickGet.Arguments arguments) {
      Get get = new Get(requireNonNull(ctx, "ctx"));
      get.path = arguments.path();
      get.key = arguments.key();
      get.version = arguments.version();
      get.output = FormatOption.of(arguments.format());
      return get;
    }

    @Override
    public Integer call() {
      if (!validPath(ctx, path)) {
        return ApiErrors.FAILURE;
      }
      if (version < 0) {
        return ApiErrors.invalid(ctx.err(), "Error: Negative version number: " + version);
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            Optional<Map<String, String>> data = client.secrets().get(path, version);
            if (data.isEmpty()) {
              return ApiErrors.invalid(ctx.err(), "Error: Secret not found.");
            }
            Map<String, String> values = data.get();
            if (key != null) {
              if (!values.containsKey(key)) {
                return ApiErrors.invalid(ctx.err(), "Error: Key not found.");
              }
              if (output.format() == OutputFormat.HUMAN) {
                ctx.out().println(values.get(key));
              } else {
                Output.structured(ctx.out(), output.format(), Map.of(key, values.get(key)), 4);
              }
              return 0;
            }
            if (output.format() == OutputFormat.HUMAN) {
              values.forEach((k, v) -> ctx.out().println(k + ": " + v));
            } else {
              Output.structured(ctx.out(), output.format(), values, 4);
            }
            return 0;
          });
    }
  }

  /** Delete and undelete: a path, a list of versions, one SDK call, {@code OK}. */
  abstract static class VersionsCommand implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<path>")
    String path;

    @Option(
        names = {"-v", "--versions"},
        defaultValue = "0",
        description = "Comma-separated versions (0 = current).")
    String versions;

    VersionsCommand(PilotContext ctx) {
      this.ctx = ctx;
    }

    /** Applies the change to the versions of {@code path}. */
    abstract void apply(Secrets secrets, String path, List<Integer> versions) throws SpikeException;

    @Override
    public Integer call() {
      if (!validPath(ctx, path)) {
        return ApiErrors.FAILURE;
      }
      Optional<List<Integer>> list = parseVersions(ctx, versions);
      if (list.isEmpty()) {
        return ApiErrors.FAILURE;
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            apply(client.secrets(), path, list.get());
            ctx.out().println("OK");
            return 0;
          });
    }
  }

  /** {@code spike secret delete <path>}. */
  @Command(name = "delete", description = "Soft-delete versions of a secret.")
  static final class Delete extends VersionsCommand {
    Delete(PilotContext ctx) {
      super(ctx);
    }

    @Override
    void apply(Secrets secrets, String path, List<Integer> versions) throws SpikeException {
      secrets.delete(path, versions);
    }
  }

  /** {@code spike secret undelete <path>}. */
  @Command(name = "undelete", description = "Restore soft-deleted versions of a secret.")
  static final class Undelete extends VersionsCommand {
    Undelete(PilotContext ctx) {
      super(ctx);
    }

    @Override
    void apply(Secrets secrets, String path, List<Integer> versions) throws SpikeException {
      secrets.undelete(path, versions);
    }
  }

  /** {@code spike secret destroy <path> -v 1,2}. */
  @Command(
      name = "destroy",
      description = "Erase versions of a secret for good (cannot be undeleted; not in SPIKE).")
  static final class Destroy extends VersionsCommand {
    Destroy(PilotContext ctx) {
      super(ctx);
    }

    @Override
    void apply(Secrets secrets, String path, List<Integer> versions) throws SpikeException {
      secrets.destroy(path, versions);
    }
  }

  /** {@code spike secret list}. */
  @Command(name = "list", description = "List secret paths.")
  static final class ListCmd implements Callable<Integer> {
    private final PilotContext ctx;

    @Mixin FormatOption output;

    @Option(
        names = "--prefix",
        paramLabel = "<prefix>",
        description = "Only paths that start with this (not in SPIKE).")
    String prefix;

    @Option(
        names = "--limit",
        paramLabel = "<n>",
        description = "At most this many paths, 1 to 1000 (not in SPIKE).")
    Integer limit;

    @Option(
        names = "--after",
        paramLabel = "<path>",
        description = "Start after this path (the last one of the previous page).")
    String after;

    ListCmd(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      boolean paged = prefix != null || limit != null || after != null;
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            List<String> keys;
            Optional<String> next = Optional.empty();
            if (paged) {
              Secrets.Page page =
                  client
                      .secrets()
                      .list(
                          prefix == null ? "" : prefix,
                          after == null ? "" : after,
                          limit == null ? 1000 : limit);
              keys = page.paths();
              next = page.next();
            } else {
              keys = client.secrets().list();
            }
            if (next.isPresent() && output.format() == OutputFormat.HUMAN) {
              ctx.err().println("More paths follow: add --after " + next.get());
            }
            if (output.format() != OutputFormat.HUMAN) {
              Output.structured(ctx.out(), output.format(), keys, 2);
            } else if (keys.isEmpty()) {
              ctx.out().println("No secrets found.");
            } else {
              keys.forEach(k -> ctx.out().println("- " + k));
            }
            return 0;
          });
    }
  }

  /** {@code spike secret metadata}. */
  @Command(
      name = "metadata",
      description = "Secret metadata.",
      subcommands = {MetadataGet.class, MetadataPut.class})
  static final class Metadata {
    Metadata(PilotContext ctx) {
      requireNonNull(ctx, "ctx");
    }
  }

  /** {@code spike secret metadata put <path> [settings]}: a secret's settings (not in SPIKE). */
  @Command(
      name = "put",
      description = {
        "Change a secret's settings and custom metadata (not in SPIKE).",
        "Options left out stay as they are; --custom replaces every custom pair."
      })
  static final class MetadataPut implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<path>")
    String path;

    @Option(names = "--max-versions", paramLabel = "<n>", description = "Versions kept, 1-1000.")
    Integer maxVersions;

    @Option(
        names = "--cas-required",
        paramLabel = "<true|false>",
        arity = "1",
        description = "Whether every put must give --cas.")
    Boolean casRequired;

    @Option(
        names = "--delete-version-after",
        paramLabel = "<duration>",
        description =
            "Versions count as deleted this long after they were written: 720h, 1h30m;"
                + " 0s = never.")
    String deleteVersionAfter;

    @Option(
        names = "--custom",
        paramLabel = "<key=value>",
        description = "A custom metadata pair; repeat for more.")
    List<String> custom;

    @Option(names = "--clear-custom", description = "Remove every custom metadata pair.")
    boolean clearCustom;

    MetadataPut(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (!validPath(ctx, path)) {
        return ApiErrors.FAILURE;
      }
      if (clearCustom && custom != null) {
        return ApiErrors.invalid(ctx.err(), "Error: use either --custom or --clear-custom");
      }
      Map<String, String> pairs = null;
      if (clearCustom) {
        pairs = Map.of();
      } else if (custom != null) {
        pairs = new TreeMap<>();
        for (String pair : custom) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            return ApiErrors.invalid(
                ctx.err(), "Error: Invalid custom metadata pair: " + pair + " (use key=value)");
          }
          pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      if (maxVersions == null
          && casRequired == null
          && deleteVersionAfter == null
          && pairs == null) {
        return ApiErrors.invalid(
            ctx.err(),
            "Error: nothing to change; give --max-versions, --cas-required,"
                + " --delete-version-after, --custom or --clear-custom");
      }
      var change =
          new ist.spike.api.secret.SecretMetadataPutRequest(
              path, maxVersions, casRequired, deleteVersionAfter, pairs);
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            client.secrets().updateMetadata(change);
            ctx.out().println("OK");
            return 0;
          });
    }
  }

  /** {@code spike secret metadata get <path>}. */
  @Command(name = "get", description = "Show a secret's metadata and versions.")
  static final class MetadataGet implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "<path>")
    String path;

    @Option(
        names = {"-v", "--version"},
        defaultValue = "0",
        description = "Version that must exist (0 = current).")
    int version;

    @Mixin FormatOption output;

    MetadataGet(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (!validPath(ctx, path)) {
        return ApiErrors.FAILURE;
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            Optional<SecretMetadata> found = client.secrets().metadata(path, version);
            if (found.isEmpty()) {
              return ApiErrors.invalid(ctx.err(), "Error: Secret not found.");
            }
            SecretMetadata m = found.get();
            if (output.format() == OutputFormat.HUMAN) {
              printHuman(m);
            } else {
              Output.structured(ctx.out(), output.format(), structured(m), 2);
            }
            return 0;
          });
    }

    private void printHuman(SecretMetadata m) {
      String line = "-".repeat(50);
      var out = ctx.out();
      out.println("Metadata:");
      out.println(line);
      out.println("Current Version : " + m.currentVersion());
      out.println("Oldest Version  : " + m.oldestVersion());
      out.println("Created Time    : " + human(m.createdTime()));
      out.println("Last Updated    : " + human(m.updatedTime()));
      out.println("Max Versions    : " + m.maxVersions());
      if (!m.customMetadata().isEmpty()) {
        out.println("Custom Metadata :");
        m.customMetadata().forEach((k, v) -> out.println("  " + k + " = " + v));
      }
      out.println(line);
      out.println();
      out.println("Secret Versions:");
      out.println(line);
      for (SecretMetadata.Version v : m.versions().values()) {
        out.println("Version " + v.version() + ":");
        out.println("  Created: " + human(v.createdTime()));
        v.deletedTime().ifPresent(d -> out.println("  Deleted: " + human(d)));
        out.println(line);
      }
    }

    private static Map<String, Object> structured(SecretMetadata m) {
      Map<String, Object> versions = new LinkedHashMap<>();
      for (SecretMetadata.Version v : m.versions().values()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("createdTime", v.createdTime().toString());
        one.put("version", v.version());
        one.put("deletedTime", v.deletedTime().map(OffsetDateTime::toString).orElse(null));
        versions.put(Integer.toString(v.version()), one);
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("currentVersion", m.currentVersion());
      meta.put("oldestVersion", m.oldestVersion());
      meta.put("createdTime", m.createdTime().toString());
      meta.put("updatedTime", m.updatedTime().toString());
      meta.put("maxVersions", m.maxVersions());
      if (!m.customMetadata().isEmpty()) {
        meta.put("customMetadata", m.customMetadata());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("versions", versions);
      out.put("metadata", meta);
      return out;
    }
  }
}
