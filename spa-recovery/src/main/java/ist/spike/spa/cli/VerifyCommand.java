package ist.spike.spa.cli;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code verify} command. */
@Command(name = "verify", description = "Verify a signature under the user's group public key.")
final class VerifyCommand extends UserCommand {
  @Option(names = "--message", required = true)
  String message;

  @Option(names = "--signature", required = true, description = "128 hex digits.")
  String signature;

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      byte[] sig;
      try {
        sig = HexFormat.of().parseHex(signature.strip());
      } catch (IllegalArgumentException e) {
        throw new CliException("--signature must be 128 hex digits");
      }
      boolean ok = s.group().groupKey().verify(message.getBytes(StandardCharsets.UTF_8), sig);
      cli.out.println(ok ? "signature: valid" : "signature: INVALID");
      return ok ? 0 : 1;
    }
  }
}
