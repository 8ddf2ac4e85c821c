package ist.spike.pilot.transit;

import static java.util.Objects.requireNonNull;

import ist.spike.api.transit.TransitItemResult;
import ist.spike.api.transit.TransitKeyInfo;
import ist.spike.api.transit.TransitKeyVersion;
import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spike transit}: named transit keys. Ciphertexts are one text line ({@code
 * spike:v<version>:<base64>}); plaintexts go in and come out as raw bytes, or as base64 with {@code
 * --plaintext}/{@code --base64}. With {@code --batch}, standard input holds one item per line
 * (base64 plaintexts for encrypt, ciphertexts otherwise) and standard output one result per line,
 * {@code error: <message>} for a failed item; the exit code is 1 if any item failed.
 */
@Command(
    name = "transit",
    description = "Named, versioned encryption keys held by Nexus (not in SPIKE).",
    mixinStandardHelpOptions = true,
    subcommands = {
      TransitCommand.Create.class,
      TransitCommand.Get.class,
      TransitCommand.ListCmd.class,
      TransitCommand.Rotate.class,
      TransitCommand.Config.class,
      TransitCommand.Delete.class,
      TransitCommand.Encrypt.class,
      TransitCommand.Decrypt.class,
      TransitCommand.Rewrap.class
    })
public final class TransitCommand {
  static final String NOT_FOUND = "Error: Transit key not found.";

  /**
   * Creates the group.
   *
   * @param ctx the context
   */
  public TransitCommand(PilotContext ctx) {
    requireNonNull(ctx, "ctx");
  }

  static void describe(PilotContext ctx, TransitKeyInfo k, OutputFormat format) {
    if (format != OutputFormat.HUMAN) {
      Output.structured(ctx.out(), format, k, 2);
      return;
    }
    ctx.out().println("Name: " + k.name());
    ctx.out().println("Type: " + k.type());
    ctx.out().println("Latest version: " + k.latestVersion());
    ctx.out().println("Minimum decryption version: " + k.minDecryptionVersion());
    ctx.out().println("Deletion allowed: " + k.deletionAllowed());
    ctx.out().println("Created: " + k.createdTime());
    ctx.out().println("Updated: " + k.updatedTime());
    ctx.out().println("Versions:");
    for (TransitKeyVersion v : k.versions()) {
      ctx.out().println("  " + v.version() + "  " + v.createdTime());
    }
  }

  static List<String> lines(PilotContext ctx) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (!line.isBlank()) {
        out.add(line.trim());
      }
    }
    return out;
  }

  static String oneLine(PilotContext ctx) throws IOException {
    return new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  /** Prints batch results one per line; returns 1 if any failed. */
  static int printBatch(PilotContext ctx, List<TransitItemResult> results, boolean plaintext) {
    int code = 0;
    for (TransitItemResult r : results) {
      if (r.failed()) {
        ctx.out().println("error: " + r.message());
        code = ApiErrors.FAILURE;
      } else {
        ctx.out().println(plaintext ? r.plaintext() : r.ciphertext());
      }
    }
    return code;
  }

  /**
   * A subcommand acting on one key named by its first parameter: the body runs with an open client,
   * a 404 prints {@link #NOT_FOUND}.
   */
  abstract static class KeyCommand implements Callable<Integer> {
    final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    KeyCommand(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      return Calls.withClient(ctx, NOT_FOUND, this::run);
    }

    abstract int run(SpikeClient client) throws SpikeException, IOException;
  }

  /** {@code spike transit create NAME}. */
  @Command(name = "create", description = "Create an aes256-gcm key with version 1.")
  static final class Create extends KeyCommand {
    @Option(names = "--deletion-allowed", description = "Allow deleting the key later.")
    boolean deletionAllowed;

    Create(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      c.transit().createKey(name, deletionAllowed);
      ctx.out().println("Transit key '" + name + "' created.");
      return 0;
    }
  }

  /** {@code spike transit get NAME}. */
  @Command(name = "get", description = "Show a key and its versions (never the key material).")
  static final class Get extends KeyCommand {
    @Mixin FormatOption output;

    Get(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      var k = c.transit().key(name);
      if (k.isEmpty()) {
        ctx.err().println(NOT_FOUND);
        ctx.err().flush();
        return ApiErrors.FAILURE;
      }
      describe(ctx, k.get(), output.format());
      return 0;
    }
  }

  /** {@code spike transit list}. */
  @Command(name = "list", description = "List key names.")
  static final class ListCmd implements Callable<Integer> {
    private final PilotContext ctx;

    @Mixin FormatOption output;

    ListCmd(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          c -> {
            List<String> names = c.transit().listKeys();
            if (output.format() != OutputFormat.HUMAN) {
              Output.structured(ctx.out(), output.format(), names, 2);
            } else if (names.isEmpty()) {
              ctx.out().println("No transit keys found.");
            } else {
              names.forEach(ctx.out()::println);
            }
            return 0;
          });
    }
  }

  /** {@code spike transit rotate NAME}. */
  @Command(name = "rotate", description = "Add a new latest version to a key.")
  static final class Rotate extends KeyCommand {
    Rotate(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      TransitKeyInfo k = c.transit().rotateKey(name);
      ctx.out().println("Transit key '" + name + "' is now at version " + k.latestVersion() + ".");
      return 0;
    }
  }

  /** {@code spike transit config NAME}. */
  @Command(
      name = "config",
      description = "Set a key's minimum decryption version or deletion flag.")
  static final class Config extends KeyCommand {
    @Option(
        names = "--min-decryption-version",
        description = "Lowest version that still decrypts (1..latest).")
    Integer minDecryptionVersion;

    @Option(
        names = "--deletion-allowed",
        arity = "1",
        paramLabel = "true|false",
        description = "Whether delete is allowed.")
    Boolean deletionAllowed;

    @Mixin FormatOption output;

    Config(PilotContext ctx) {
      super(ctx);
    }

    @Override
    public Integer call() {
      if (minDecryptionVersion == null && deletionAllowed == null) {
        return ApiErrors.invalid(
            ctx.err(), "Error: give --min-decryption-version and/or --deletion-allowed.");
      }
      return super.call();
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      describe(
          ctx,
          c.transit().configureKey(name, minDecryptionVersion, deletionAllowed),
          output.format());
      return 0;
    }
  }

  /** {@code spike transit delete NAME}. */
  @Command(name = "delete", description = "Delete a key whose deletion is allowed.")
  static final class Delete extends KeyCommand {
    Delete(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      c.transit().deleteKey(name);
      ctx.out().println("Transit key '" + name + "' deleted.");
      return 0;
    }
  }

  /** {@code spike transit encrypt NAME}. */
  @Command(
      name = "encrypt",
      description =
          "Encrypt --plaintext (base64) or the bytes on stdin; prints the ciphertext line.")
  static final class Encrypt extends KeyCommand {
    @Option(names = "--plaintext", description = "Base64 plaintext (default: raw bytes on stdin).")
    String plaintext;

    @Option(names = "--batch", description = "Stdin holds one base64 plaintext per line.")
    boolean batch;

    Encrypt(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      if (batch) {
        List<byte[]> items = new ArrayList<>();
        for (String line : lines(ctx)) {
          try {
            items.add(Base64.getDecoder().decode(line));
          } catch (IllegalArgumentException e) {
            return ApiErrors.invalid(
                ctx.err(), "Error: line " + (items.size() + 1) + " is not valid base64.");
          }
        }
        return printBatch(ctx, c.transit().encryptBatch(name, items), false);
      }
      byte[] plain;
      if (plaintext != null) {
        try {
          plain = Base64.getDecoder().decode(plaintext.trim());
        } catch (IllegalArgumentException e) {
          return ApiErrors.invalid(ctx.err(), "Error: --plaintext is not valid base64.");
        }
      } else {
        plain = ctx.in().readAllBytes();
      }
      try {
        ctx.out().println(c.transit().encrypt(name, plain));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      return 0;
    }
  }

  /** {@code spike transit decrypt NAME}. */
  @Command(
      name = "decrypt",
      description =
          "Decrypt --ciphertext or the line on stdin; writes the plaintext bytes (base64 with"
              + " --base64).")
  static final class Decrypt extends KeyCommand {
    @Option(names = "--ciphertext", description = "The ciphertext (default: read from stdin).")
    String ciphertext;

    @Option(names = "--base64", description = "Print the plaintext as base64 text.")
    boolean base64;

    @Option(names = "--batch", description = "Stdin holds one ciphertext per line.")
    boolean batch;

    Decrypt(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      if (batch) {
        return printBatch(ctx, c.transit().decryptBatch(name, lines(ctx)), true);
      }
      String text = ciphertext != null ? ciphertext.trim() : oneLine(ctx);
      byte[] plain = c.transit().decrypt(name, text);
      try {
        if (base64) {
          ctx.out().println(Base64.getEncoder().encodeToString(plain));
        } else {
          ctx.out().flush();
          ctx.rawOut().write(plain);
          ctx.rawOut().flush();
        }
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      return 0;
    }
  }

  /** {@code spike transit rewrap NAME}. */
  @Command(
      name = "rewrap",
      description =
          "Re-encrypt --ciphertext or the line on stdin under the key's latest version; the"
              + " plaintext never leaves Nexus.")
  static final class Rewrap extends KeyCommand {
    @Option(names = "--ciphertext", description = "The ciphertext (default: read from stdin).")
    String ciphertext;

    @Option(names = "--batch", description = "Stdin holds one ciphertext per line.")
    boolean batch;

    Rewrap(PilotContext ctx) {
      super(ctx);
    }

    @Override
    int run(SpikeClient c) throws SpikeException, IOException {
      if (batch) {
        return printBatch(ctx, c.transit().rewrapBatch(name, lines(ctx)), false);
      }
      String text = ciphertext != null ? ciphertext.trim() : oneLine(ctx);
      ctx.out().println(c.transit().rewrap(name, text));
      return 0;
    }
  }
}
