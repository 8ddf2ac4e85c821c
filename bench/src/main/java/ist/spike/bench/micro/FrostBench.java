package ist.spike.bench.micro;

import ist.spike.frost.Aggregator;
import ist.spike.frost.DealerOutput;
import ist.spike.frost.FrostException;
import ist.spike.frost.FrostSession;
import ist.spike.frost.Identifier;
import ist.spike.frost.KeyPackage;
import ist.spike.frost.Round1;
import ist.spike.frost.Round1Result;
import ist.spike.frost.Round2;
import ist.spike.frost.Signature;
import ist.spike.frost.SignatureShare;
import ist.spike.frost.SigningCommitments;
import ist.spike.frost.SigningPackage;
import ist.spike.frost.TrustedDealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * FROST(Ed25519, SHA-512) 2-of-3: one signer's round 2, aggregation of two shares, the JDK verify
 * of the result (the baseline: an ordinary Ed25519 verification), and a whole local signing
 * session.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrostBench {
  private final SecureRandom random = new SecureRandom();
  private final byte[] message = "receipt: recovery session 42".getBytes(StandardCharsets.UTF_8);
  private DealerOutput dealer;
  private List<KeyPackage> signers;
  private SigningPackage signingPackage;
  private Map<Identifier, SignatureShare> shares;
  private Signature signature;

  /** Creates a 2-of-3 group and one complete set of round outputs. */
  @Setup
  public void setUp() throws FrostException {
    dealer = TrustedDealer.generate(3, 2, random);
    signers = dealer.keyPackages().subList(0, 2);
    Map<Identifier, Round1Result> round1 = new LinkedHashMap<>();
    Map<Identifier, SigningCommitments> commitments = new LinkedHashMap<>();
    for (KeyPackage kp : signers) {
      Round1Result r = Round1.commit(kp, random);
      round1.put(kp.identifier(), r);
      commitments.put(kp.identifier(), r.commitments());
    }
    signingPackage = new SigningPackage(commitments, message);
    shares = new LinkedHashMap<>();
    for (KeyPackage kp : signers) {
      shares.put(
          kp.identifier(), Round2.sign(signingPackage, round1.get(kp.identifier()).nonces(), kp));
    }
    signature = Aggregator.aggregate(signingPackage, shares, dealer.publicKeyPackage());
  }

  /** Closes the key packages. */
  @TearDown
  public void tearDown() {
    dealer.close();
  }

  /** One signer: round 1 commit then round 2 share (nonces are single-use, so both are timed). */
  @Benchmark
  public SignatureShare signShare() throws FrostException {
    KeyPackage kp = signers.get(0);
    Round1Result r = Round1.commit(kp, random);
    Map<Identifier, SigningCommitments> commitments =
        new LinkedHashMap<>(signingPackage.commitments());
    commitments.put(kp.identifier(), r.commitments());
    return Round2.sign(new SigningPackage(commitments, message), r.nonces(), kp);
  }

  /** Coordinator: verifies every share and aggregates them into one Ed25519 signature. */
  @Benchmark
  public Signature aggregate() throws FrostException {
    return Aggregator.aggregate(signingPackage, shares, dealer.publicKeyPackage());
  }

  /** Verifier: the JDK's Ed25519 verification of the aggregated signature. */
  @Benchmark
  public boolean verify() {
    return dealer.publicKeyPackage().verifyingKey().verify(message, signature.toBytes());
  }

  /** A whole 2-of-3 signing session with local signers. */
  @Benchmark
  public Signature session() throws FrostException {
    return FrostSession.sign(message, signers, dealer.publicKeyPackage(), random);
  }
}
