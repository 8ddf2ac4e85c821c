package ist.spike.pilot.operator;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What the tests of the superuser commands ({@code rotate}, {@code rekey}) share: the captured
 * output, the roles the operator API was opened as, the calls made to it, and a failure the start
 * call throws when set.
 */
final class SuperuserCommandFixture {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<String> calls = new ArrayList<>();
  final List<OperatorApiFactory.Role> roles = new ArrayList<>();
  OperatorApiException failure;

  /** A command's constructor. */
  @FunctionalInterface
  interface CommandConstructor {
    Callable<Integer> create(
        Map<String, String> env, OperatorApiFactory apis, PrintWriter out, PrintWriter err);
  }

  /** An operator API whose break-glass calls must not be used. */
  abstract static class Api implements OperatorApi {
    @Override
    public List<Shard> recover() {
      throw new AssertionError("not used");
    }

    @Override
    public RestoreStatus restore(Shard shard) {
      throw new AssertionError("not used");
    }

    @Override
    public FeldmanCommitments commitments() {
      throw new AssertionError("not used");
    }

    @Override
    public void close() {}
  }

  /** Records a start call, then throws {@link #failure} if set. */
  void start(String call) throws OperatorApiException {
    calls.add(call);
    if (failure != null) {
      throw failure;
    }
  }

  /** Records a status call. */
  void status() {
    calls.add("status");
  }

  /** Runs the command built by {@code command} with {@code api} and {@code args}; its exit code. */
  int run(CommandConstructor command, OperatorApi api, String... args) {
    OperatorApiFactory apis =
        (env, role) -> {
          roles.add(role);
          return api;
        };
    Callable<Integer> c =
        command.create(Map.of(), apis, new PrintWriter(out), new PrintWriter(err));
    return new CommandLine(c).setOut(new PrintWriter(out)).execute(args);
  }
}
