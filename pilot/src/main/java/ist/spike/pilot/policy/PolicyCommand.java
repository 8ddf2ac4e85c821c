package ist.spike.pilot.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ist.spike.client.Policy;
import ist.spike.pilot.ApiErrors;
import ist.spike.pilot.Calls;
import ist.spike.pilot.FormatOption;
import ist.spike.pilot.Output;
import ist.spike.pilot.OutputFormat;
import ist.spike.pilot.PilotContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spike policy}: the policy commands (spec §9). */
@Command(
    name = "policy",
    description = "Manage access policies.",
    mixinStandardHelpOptions = true,
    subcommands = {
      PolicyCommand.Create.class,
      PolicyCommand.Apply.class,
      PolicyCommand.Get.class,
      PolicyCommand.ListCmd.class,
      PolicyCommand.Delete.class
    })
public final class PolicyCommand {
  static final String NOT_FOUND = "Error: Entity not found.";
  private static final Set<String> PERMISSIONS =
      Set.of("read", "write", "list", "execute", "super");

  /**
   * Creates the group.
   *
   * @param ctx the context
   */
  public PolicyCommand(PilotContext ctx) {
    requireNonNull(ctx, "ctx");
  }

  static Optional<List<String>> permissions(PilotContext ctx, List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String item : raw) {
      for (String p : item.split(",")) {
        String t = p.trim();
        if (t.isEmpty()) {
          continue;
        }
        if (!PERMISSIONS.contains(t)) {
          ApiErrors.invalid(
              ctx.err(),
              "Error: Invalid permission '"
                  + t
                  + "'. Valid permissions are: read, write, list,"
                  + " execute, super");
          return Optional.empty();
        }
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      ApiErrors.invalid(ctx.err(), "Error: At least one permission is required.");
      return Optional.empty();
    }
    return Optional.of(out);
  }

  /** The four policy fields as flags. */
  static final class Fields {
    @Option(names = "--name", description = "Policy name.")
    String name;

    @Option(names = "--path-pattern", description = "RE2 pattern for secret paths.")
    String pathPattern;

    @Option(names = "--spiffeid-pattern", description = "RE2 pattern for SPIFFE IDs.")
    String spiffeIdPattern;

    @Option(
        names = "--permissions",
        split = ",",
        description = "Comma-separated: read, write, list, execute, super.")
    List<String> permissions;

    List<String> missing() {
      List<String> m = new ArrayList<>();
      if (name == null || name.isBlank()) {
        m.add("--name");
      }
      if (pathPattern == null || pathPattern.isBlank()) {
        m.add("--path-pattern");
      }
      if (spiffeIdPattern == null || spiffeIdPattern.isBlank()) {
        m.add("--spiffeid-pattern");
      }
      if (permissions == null || permissions.isEmpty()) {
        m.add("--permissions");
      }
      return m;
    }
  }

  static int reportMissing(PilotContext ctx, List<String> missing) {
    ctx.err().println("Error: All flags are required.");
    for (String m : missing) {
      ctx.err().println("  " + m + " is missing");
    }
    ctx.err().flush();
    return ApiErrors.FAILURE;
  }

  /** {@code spike policy create}: fails if the name exists. */
  @Command(name = "create", description = "Create a policy (fails if the name is taken).")
  static final class Create implements Callable<Integer> {
    private final PilotContext ctx;
    @picocli.CommandLine.Mixin Fields fields = new Fields();

    Create(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      List<String> missing = fields.missing();
      if (!missing.isEmpty()) {
        return reportMissing(ctx, missing);
      }
      Optional<List<String>> perms = permissions(ctx, fields.permissions);
      if (perms.isEmpty()) {
        return ApiErrors.FAILURE;
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            if (client.policies().listAll().contains(fields.name)) {
              return ApiErrors.invalid(
                  ctx.err(), "Error: Policy '" + fields.name + "' already exists.");
            }
            client
                .policies()
                .put(fields.name, fields.spiffeIdPattern, fields.pathPattern, perms.get());
            ctx.out().println("Policy created successfully.");
            return 0;
          });
    }
  }

  /** {@code spike policy apply}: create or update, from a YAML file or flags. */
  @Command(name = "apply", description = "Create or update a policy from --file or flags.")
  static final class Apply implements Callable<Integer> {
    private final PilotContext ctx;
    @picocli.CommandLine.Mixin Fields fields = new Fields();

    @Option(
        names = "--file",
        description = "YAML file with name, spiffeidPattern, pathPattern, permissions.")
    Path file;

    Apply(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (file != null) {
        try {
          JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
          if (doc == null || !doc.isObject()) {
            return ApiErrors.invalid(
                ctx.err(), "Error: " + file + " does not hold a YAML mapping.");
          }
          fields.name = text(doc, "name");
          fields.spiffeIdPattern = text(doc, "spiffeidPattern");
          fields.pathPattern = text(doc, "pathPattern");
          List<String> perms = new ArrayList<>();
          doc.path("permissions").forEach(p -> perms.add(p.asText()));
          fields.permissions = perms;
        } catch (IOException e) {
          return ApiErrors.invalid(
              ctx.err(), "Error: cannot read policy file " + file + ": " + e.getMessage());
        }
        List<String> missing = fields.missing();
        if (!missing.isEmpty()) {
          ctx.err().println("Error: The policy file is missing required fields:");
          Map<String, String> keys =
              Map.of(
                  "--name", "name",
                  "--path-pattern", "pathPattern",
                  "--spiffeid-pattern", "spiffeidPattern",
                  "--permissions", "permissions");
          missing.forEach(m -> ctx.err().println("  " + keys.get(m) + " is missing"));
          ctx.err().flush();
          return ApiErrors.FAILURE;
        }
      } else {
        List<String> missing = fields.missing();
        if (!missing.isEmpty()) {
          return reportMissing(ctx, missing);
        }
      }
      Optional<List<String>> perms = permissions(ctx, fields.permissions);
      if (perms.isEmpty()) {
        return ApiErrors.FAILURE;
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            client
                .policies()
                .put(fields.name, fields.spiffeIdPattern, fields.pathPattern, perms.get());
            ctx.out().println("Policy '" + fields.name + "' applied successfully");
            return 0;
          });
    }

    private static String text(JsonNode doc, String field) {
      JsonNode n = doc.get(field);
      return n == null || n.isNull() ? null : n.asText();
    }
  }

  /** {@code spike policy get [name]}. */
  @Command(name = "get", description = "Show a policy.")
  static final class Get implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "[name]")
    String positional;

    @Option(names = "--name", description = "Policy name.")
    String name;

    @Mixin FormatOption output;

    Get(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String target = name != null ? name : positional;
      if (target == null || target.isBlank()) {
        return ApiErrors.invalid(ctx.err(), "Error: Give the policy name (argument or --name).");
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            Optional<Policy> found = client.policies().get(target);
            if (found.isEmpty()) {
              return ApiErrors.invalid(ctx.err(), NOT_FOUND);
            }
            Policy p = found.get();
            if (output.format() == OutputFormat.HUMAN) {
              var out = ctx.out();
              out.println("POLICY DETAILS");
              out.println("==============");
              out.println();
              out.println("Name: " + p.name());
              out.println("SPIFFE ID Pattern: " + p.spiffeIdPattern());
              out.println("Path Pattern: " + p.pathPattern());
              out.println("Permissions: " + String.join(", ", p.permissions()));
              out.println("Created At: " + p.createdAt());
              out.println("Updated At: " + p.updatedAt());
            } else {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("id", "");
              m.put("name", p.name());
              m.put("spiffiedPattern", p.spiffeIdPattern());
              m.put("pathPattern", p.pathPattern());
              m.put("permissions", p.permissions());
              m.put("createdAt", p.createdAt().toString());
              m.put("updatedAt", p.updatedAt().toString());
              Output.structured(ctx.out(), output.format(), m, 2);
            }
            return 0;
          });
    }
  }

  /** {@code spike policy list}. */
  @Command(name = "list", description = "List policies.")
  static final class ListCmd implements Callable<Integer> {
    private final PilotContext ctx;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Filter filter;

    static final class Filter {
      @Option(
          names = "--path-pattern",
          description = "Only policies with exactly this path pattern.")
      String pathPattern;

      @Option(
          names = "--spiffeid-pattern",
          description = "Only policies with exactly this SPIFFE ID pattern.")
      String spiffeIdPattern;
    }

    @Mixin FormatOption output;

    ListCmd(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String id = filter == null ? "" : nullToEmpty(filter.spiffeIdPattern);
      String path = filter == null ? "" : nullToEmpty(filter.pathPattern);
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            List<String> names = client.policies().list(id, path);
            if (output.format() != OutputFormat.HUMAN) {
              List<Map<String, String>> items = new ArrayList<>();
              for (String n : names) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("id", "");
                m.put("name", n);
                items.add(m);
              }
              Output.structured(ctx.out(), output.format(), items, 2);
            } else if (names.isEmpty()) {
              ctx.out().println("No policies found.");
            } else {
              ctx.out().print("POLICIES\n========\n\n");
              for (String n : names) {
                ctx.out().print("Name: " + n + "\n--------\n\n");
              }
            }
            return 0;
          });
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s;
    }
  }

  /** {@code spike policy delete [name]}. */
  @Command(name = "delete", description = "Delete a policy (asks for confirmation).")
  static final class Delete implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "[name]")
    String positional;

    @Option(names = "--name", description = "Policy name.")
    String name;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation (not in SPIKE).")
    boolean yes;

    Delete(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String target = name != null ? name : positional;
      if (target == null || target.isBlank()) {
        return ApiErrors.invalid(ctx.err(), "Error: Give the policy name (argument or --name).");
      }
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            if (client.policies().get(target).isEmpty()) {
              return ApiErrors.invalid(ctx.err(), NOT_FOUND);
            }
            if (!yes) {
              ctx.out().print("Are you sure you want to delete policy '" + target + "'? (y/N): ");
              ctx.out().flush();
              String answer =
                  new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8))
                      .readLine();
              if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                ctx.out().println("Operation canceled.");
                return ApiErrors.FAILURE;
              }
            }
            client.policies().delete(target);
            ctx.out().println("Policy deleted successfully.");
            return 0;
          });
    }
  }
}
