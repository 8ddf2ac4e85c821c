package ist.spike.bench;

import ist.spike.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Durable writes: secret put over mTLS against raw SQLite commits at the same durability. */
final class StorageSuite implements Suite {
  static final String PUT = "secret put throughput (durable)";
  static final Target PUT_TARGET = Target.minRatio(0.5);
  private final BenchSettings settings;

  StorageSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    LoadResult raw =
        SqliteBaseline.commits(
            settings.out().resolve("scratch"), "FULL", 320, SqliteBaseline.config(settings));
    out.add(
        Figure.of(
            "raw SQLite commit (WAL, synchronous=FULL) latency p50",
            raw.latencyMillis(50),
            "ms",
            "one 320-byte row per transaction, one connection; " + raw));
    out.add(
        Figure.notMeasured(PUT, "req/s", Optional.of(PUT_TARGET), "Nexus is not on main yet")
            .withBaseline("raw SQLite commits", raw.throughput()));
    return out;
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(Figure.notMeasured(PUT, "req/s", Optional.of(PUT_TARGET), why));
  }
}
