package ist.spike.nexus;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.migrate.ImportReport;
import ist.spike.nexus.migrate.SpikeImport;
import ist.spike.nexus.migrate.SpikeRecoveryFiles;
import ist.spike.nexus.migrate.SpikeShardSession;
import ist.spike.nexus.migrate.WrongSpikeKeyException;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spike-nexus import-spike}: offline import of a SPIKE Go Nexus database into this Nexus's
 * store (ADR 0120). Run with every Nexus of the store stopped. Exit status: 0 everything imported,
 * 1 failed (nothing written when the SPIKE key is wrong), 2 usage, 3 imported with rows skipped.
 */
@Command(
    name = "import-spike",
    description = {
      "Import a SPIKE Go Nexus database (spike.db) into this Nexus's store, offline:",
      "stop every Nexus of the store first. The store is chosen by SPIKE_NEXUS_BACKEND_STORE and",
      "SPIKE_NEXUS_DATA_DIR as for the server. Repeating the import changes nothing."
    })
final class ImportSpikeCommand implements Callable<Integer> {
  static final int SKIPPED_ROWS = 3;

  @Option(names = "--db", required = true, description = "SPIKE's database file (spike.db)")
  Path db;

  @Option(
      names = "--spike-recovery",
      description = "directory with a threshold of SPIKE's spike.recovery.<i>.txt files")
  Path spikeRecovery;

  @Option(
      names = "--spike-shards-stdin",
      description =
          "a restore session instead of files: SPIKE's recovery lines (spike:<i>:<hex>), one per"
              + " line on standard input, until --spike-threshold shards")
  boolean spikeShardsStdin;

  @Option(
      names = "--spike-threshold",
      paramLabel = "<n>",
      description = "SPIKE's Shamir threshold, for --spike-shards-stdin")
  Integer spikeThreshold;

  @Option(
      names = "--recovery",
      required = true,
      description =
          "directory with a threshold of THIS deployment's recovery files"
              + " (spike operator recover), to open its store")
  Path recovery;

  private final Map<String, String> env;
  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;

  ImportSpikeCommand(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Parses {@code args} (after {@code import-spike}) and runs the import. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, InputStream.nullInputStream(), out, err);
  }

  /**
   * As {@link #run(String[], Map, PrintWriter, PrintWriter)}, reading a restore session from {@code
   * in}.
   */
  static int run(
      String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new ImportSpikeCommand(env, in, out, err));
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    if ((spikeRecovery == null) == !spikeShardsStdin) {
      return fail("give SPIKE's root key with either --spike-recovery DIR or --spike-shards-stdin");
    }
    if (spikeShardsStdin && spikeThreshold == null) {
      return fail("--spike-shards-stdin needs --spike-threshold N (SPIKE's Shamir threshold)");
    }
    try {
      BackendConfig config = BackendConfig.fromEnvironment(env);
      try (RootKey ours = SpikeRecoveryFiles.load(recovery);
          Backend store = NexusMain.activate(config, ours)) {
        ImportReport report;
        // SPIKE's key is held only while its rows are read.
        try (RootKey spikeKey = spikeKey()) {
          report = new SpikeImport(store).run(db, spikeKey);
        }
        report.lines().forEach(out::println);
        out.flush();
        return report.corrupt().isEmpty() && report.conflicts().isEmpty() ? 0 : SKIPPED_ROWS;
      }
    } catch (KeyCheckMismatchException e) {
      return fail(
          "the recovery files in "
              + recovery
              + " are not this store's root key (key check failed); nothing was written");
    } catch (WrongSpikeKeyException | IllegalArgumentException e) {
      return fail(e.getMessage());
    } catch (IOException | SQLException e) {
      return fail("cannot read: " + e.getMessage());
    }
  }

  private RootKey spikeKey() throws IOException {
    if (spikeRecovery != null) {
      return SpikeRecoveryFiles.load(spikeRecovery);
    }
    err.println("Enter SPIKE's recovery lines (spike:<i>:<hex>), one per line:");
    err.flush();
    return SpikeShardSession.read(in, spikeThreshold, err);
  }

  private int fail(String message) {
    err.println("import-spike: " + message);
    err.flush();
    return 1;
  }
}
