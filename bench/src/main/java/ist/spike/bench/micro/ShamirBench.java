package ist.spike.bench.micro;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Shamir split and recover of a 32-byte root key over the P-256 scalar field. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShamirBench {
  /** "threshold/shares". */
  @Param({"2/3"})
  public String scheme;

  private RootKey rootKey;
  private ShamirParameters parameters;
  private List<Shard> shards;

  /** Creates a root key and one set of shards. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    String[] ts = scheme.split("/");
    parameters = ShamirParameters.of(Integer.parseInt(ts[0]), Integer.parseInt(ts[1]));
    rootKey = RootKey.generate(new SecureRandom());
    shards = Shamir.split(rootKey, parameters);
  }

  /** Closes the key material. */
  @TearDown
  public void tearDown() {
    shards.forEach(Shard::close);
    rootKey.close();
  }

  /** Splits the root key (includes SPIKE's verify-by-reconstruction step). */
  @Benchmark
  public int split() {
    List<Shard> out = Shamir.split(rootKey, parameters);
    int n = out.size();
    out.forEach(Shard::close);
    return n;
  }

  /** Recovers the root key from threshold shards. */
  @Benchmark
  public boolean recover() throws GeneralSecurityException {
    try (RootKey k = Shamir.recover(shards, parameters.threshold())) {
      return k.isClosed();
    }
  }
}
