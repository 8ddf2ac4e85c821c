package ist.spike.pilot;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What every command needs: the environment, the output streams, standard input and how to open the
 * SDK client. Data goes to {@code out}, messages and errors to {@code err}.
 *
 * @param env the environment
 * @param out standard output (text)
 * @param rawOut standard output (bytes, for cipher output)
 * @param err standard error
 * @param in standard input
 * @param clients opens the SDK client
 */
public record PilotContext(
    Map<String, String> env,
    PrintWriter out,
    OutputStream rawOut,
    PrintWriter err,
    InputStream in,
    ClientFactory clients) {
  /** Validates the components. */
  public PilotContext {
    env = Map.copyOf(requireNonNull(env, "env"));
    requireNonNull(out, "out");
    requireNonNull(rawOut, "rawOut");
    requireNonNull(err, "err");
    requireNonNull(in, "in");
    requireNonNull(clients, "clients");
  }
}
