package ist.spike.pilot;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikePayloadTooLargeException;
import java.io.IOException;

/** Runs one command body with an open SDK client and turns every failure into an exit code. */
public final class Calls {
  /** A command body. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the command.
     *
     * @param client the open client
     * @return the exit code
     * @throws SpikeException on API failure
     * @throws IOException on local I/O failure
     */
    int run(SpikeClient client) throws SpikeException, IOException;
  }

  private Calls() {}

  /**
   * Opens the client, runs the body, closes the client.
   *
   * @param ctx the context
   * @param notFoundMessage the line printed for a 404
   * @param body the command
   * @return the exit code
   */
  public static int withClient(PilotContext ctx, String notFoundMessage, Body body) {
    SpikeClient client;
    try {
      client = ctx.clients().open(ctx.env());
    } catch (RuntimeException e) {
      ctx.err().println("Error: cannot load this Pilot's SVID or configuration.");
      ctx.err().println("  " + e.getMessage());
      ctx.err().flush();
      return ApiErrors.FAILURE;
    }
    try (client) {
      return body.run(client);
    } catch (SpikePayloadTooLargeException e) {
      return ApiErrors.invalid(ctx.err(), BodyLimit.message(ctx.env()));
    } catch (SpikeException e) {
      return ApiErrors.report(ctx.err(), e, notFoundMessage);
    } catch (IOException e) {
      ctx.err().println("Error: " + e.getMessage());
      ctx.err().flush();
      return ApiErrors.FAILURE;
    } finally {
      ctx.out().flush();
    }
  }
}
