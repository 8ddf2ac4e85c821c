package ist.spike.pilot.cipher;

import static java.util.Objects.requireNonNull;

import ist.spike.client.EncryptedMessage;
import ist.spike.pilot.ApiErrors;
import ist.spike.pilot.Calls;
import ist.spike.pilot.PilotContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spike cipher}: encryption as a service (spec §9). */
@Command(
    name = "cipher",
    description = "Encrypt and decrypt data with Nexus (encryption as a service).",
    mixinStandardHelpOptions = true,
    subcommands = {CipherCommand.Encrypt.class, CipherCommand.Decrypt.class})
public final class CipherCommand {
  static final String NOT_FOUND = "Error: Resource not found.";

  /**
   * Creates the group.
   *
   * @param ctx the context
   */
  public CipherCommand(PilotContext ctx) {
    requireNonNull(ctx, "ctx");
  }

  static InputStream input(PilotContext ctx, Path file) throws IOException {
    return file == null ? ctx.in() : Files.newInputStream(file);
  }

  static OutputStream output(PilotContext ctx, Path file) throws IOException {
    if (file == null) {
      return new NonClosing(ctx.rawOut());
    }
    return fileOutput(file);
  }

  /**
   * Where {@code encrypt} writes: raw bytes to a file or redirected standard output (as SPIKE); one
   * base64 line instead when asked with {@code --base64} or when standard output is a terminal.
   */
  static OutputStream encryptedOutput(PilotContext ctx, Streams streams) throws IOException {
    boolean terminal = streams.out == null && StdoutTerminal.is(ctx.rawOut());
    if (!streams.base64 && !terminal) {
      return output(ctx, streams.out);
    }
    OutputStream target = output(ctx, streams.out);
    return new Base64Line(target);
  }

  /**
   * Where {@code decrypt} reads: SPIKE's byte layout, or the base64 text {@code encrypt} printed
   * (recognised by its first byte: the layout starts with a version byte that is never a base64
   * character).
   */
  static InputStream encryptedInput(PilotContext ctx, Path file) throws IOException {
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(input(ctx, file));
    in.mark(1);
    int first = in.read();
    in.reset();
    boolean base64 =
        first >= 0
            && (Character.isLetterOrDigit(first) || first == '+' || first == '/')
            && first < 128;
    return base64 ? Base64.getMimeDecoder().wrap(in) : in;
  }

  private static OutputStream fileOutput(Path file) throws IOException {
    return Files.newOutputStream(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /** The options both cipher commands share: where bytes come from and go to. */
  static final class Streams {
    @Option(
        names = {"-f", "--file"},
        description = "Input file (default: stdin).")
    Path file;

    @Option(
        names = {"-o", "--out"},
        description = "Output file (default: stdout).")
    Path out;

    @Option(names = "--algorithm", description = "Accepted and ignored, as SPIKE.")
    String algorithm;

    @Option(
        names = "--base64",
        description =
            "encrypt: write base64 text instead of raw bytes (the default on a terminal)."
                + " decrypt reads either form without this option.")
    boolean base64;
  }

  /** {@code spike cipher encrypt}. */
  @Command(
      name = "encrypt",
      description =
          "Encrypt stdin or --file (stream mode), or --plaintext (base64, JSON mode). Output is"
              + " SPIKE's byte layout (version, nonce, ciphertext) when redirected, one base64 line"
              + " on a terminal or with --base64; decrypt takes either.")
  static final class Encrypt implements Callable<Integer> {
    private final PilotContext ctx;

    @Mixin Streams streams;

    @Option(names = "--plaintext", description = "Base64 plaintext (JSON mode).")
    String plaintext;

    Encrypt(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      byte[] plain = null;
      if (plaintext != null) {
        try {
          plain = Base64.getDecoder().decode(plaintext.trim());
        } catch (IllegalArgumentException e) {
          return ApiErrors.invalid(ctx.err(), "Error: --plaintext is not valid base64.");
        }
      }
      byte[] jsonPlain = plain;
      int code =
          Calls.withClient(
              ctx,
              NOT_FOUND,
              client -> {
                if (jsonPlain != null) {
                  EncryptedMessage m = client.cipher().encrypt(jsonPlain);
                  try (OutputStream o = encryptedOutput(ctx, streams)) {
                    o.write(m.toStreamBytes());
                  }
                } else {
                  try (InputStream in = input(ctx, streams.file);
                      OutputStream o = encryptedOutput(ctx, streams)) {
                    client.cipher().encryptStream(in, o);
                  }
                }
                return 0;
              });
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
      return code;
    }
  }

  /** {@code spike cipher decrypt}. */
  @Command(
      name = "decrypt",
      description =
          "Decrypt stdin or --file (SPIKE's byte layout, or the base64 text encrypt printed), or"
              + " --version/--nonce/--ciphertext (base64, JSON mode). Writes the plaintext bytes.")
  static final class Decrypt implements Callable<Integer> {
    private final PilotContext ctx;

    @Mixin Streams streams;

    @Option(names = "--version", description = "Format version, 0-255 (JSON mode).")
    Integer version;

    @Option(names = "--nonce", description = "Base64 nonce (JSON mode).")
    String nonce;

    @Option(names = "--ciphertext", description = "Base64 ciphertext (JSON mode).")
    String ciphertext;

    Decrypt(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      boolean jsonMode = version != null || nonce != null || ciphertext != null;
      EncryptedMessage message = null;
      if (jsonMode) {
        int v = version == null ? 1 : version;
        if (v < 0 || v > 255) {
          return ApiErrors.invalid(ctx.err(), "Error: --version must be between 0 and 255.");
        }
        try {
          message =
              new EncryptedMessage(
                  v,
                  Base64.getDecoder().decode(nonce == null ? "" : nonce.trim()),
                  Base64.getDecoder().decode(ciphertext == null ? "" : ciphertext.trim()));
        } catch (IllegalArgumentException e) {
          return ApiErrors.invalid(ctx.err(), "Error: --nonce and --ciphertext must be base64.");
        }
      }
      EncryptedMessage json = message;
      return Calls.withClient(
          ctx,
          NOT_FOUND,
          client -> {
            if (json != null) {
              byte[] plain = client.cipher().decrypt(json);
              try (OutputStream o = output(ctx, streams.out)) {
                o.write(plain);
              } finally {
                Arrays.fill(plain, (byte) 0);
              }
            } else {
              try (InputStream in = encryptedInput(ctx, streams.file);
                  OutputStream o = output(ctx, streams.out)) {
                client.cipher().decryptStream(in, o);
              }
            }
            return 0;
          });
    }
  }

  /** Base64 text ending with a newline; closing it closes the target. */
  private static final class Base64Line extends java.io.FilterOutputStream {
    private final OutputStream target;

    Base64Line(OutputStream target) {
      super(Base64.getEncoder().wrap(new NonClosing(target)));
      this.target = target;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.close(); // writes the final padding
      target.write('\n');
      target.close();
    }
  }

  /** Keeps stdout open when a command closes its output. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
