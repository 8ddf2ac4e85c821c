package ist.spike.spa.group;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.DealerOutput;
import ist.spike.frost.FrostException;
import ist.spike.frost.FrostSession;
import ist.spike.frost.Identifier;
import ist.spike.frost.KeyPackage;
import ist.spike.frost.PublicKeyPackage;
import ist.spike.frost.Refresh;
import ist.spike.frost.RefreshOutput;
import ist.spike.frost.RefreshShare;
import ist.spike.frost.Repair;
import ist.spike.frost.RepairDelta;
import ist.spike.frost.RepairSigma;
import ist.spike.frost.TrustedDealer;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.ReceiptSigner;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The production {@link ThresholdGroup}: FROST(Ed25519, SHA-512) 2-of-3 from the {@code frost}
 * module. Trusted-dealer keygen, two-round signing, Laing–Stinson repair and dealer-based refresh;
 * the group signing key is never assembled.
 */
public final class FrostGroup implements ThresholdGroup {
  private static final int PARTICIPANTS = 3;
  private static final int THRESHOLD = 2;

  private final SecureRandom random;

  /**
   * @param random randomness for dealing, nonces and repair; not null
   */
  public FrostGroup(SecureRandom random) {
    this.random = requireNonNull(random, "random");
  }

  @Override
  public Dealt deal() throws GeneralSecurityException {
    try (DealerOutput out = TrustedDealer.generate(PARTICIPANTS, THRESHOLD, random)) {
      return new Dealt(toSecrets(out.keyPackages()), pack(out.publicKeyPackage()));
    }
  }

  @Override
  public ReceiptSigner signer(List<ShareSecret> shares, GroupPublicPackage group) {
    List<ShareSecret> copy = List.copyOf(requireNonNull(shares, "shares"));
    requireNonNull(group, "group");
    return message -> {
      requireNonNull(message, "message");
      List<KeyPackage> kps = open(copy);
      try {
        return FrostSession.sign(message, kps, unpack(group), random).toBytes();
      } finally {
        kps.forEach(KeyPackage::close);
      }
    };
  }

  @Override
  public ShareSecret repair(List<ShareSecret> helpers, int participant, GroupPublicPackage group)
      throws GeneralSecurityException {
    requireNonNull(helpers, "helpers");
    requireNonNull(group, "group");
    Identifier lost = Identifier.of(participant);
    List<KeyPackage> kps = open(helpers);
    List<RepairDelta> allDeltas = new ArrayList<>();
    List<RepairSigma> sigmas = new ArrayList<>();
    try {
      List<Identifier> ids = kps.stream().map(KeyPackage::identifier).toList();
      List<Map<Identifier, RepairDelta>> sent = new ArrayList<>();
      for (KeyPackage helper : kps) {
        Map<Identifier, RepairDelta> d = Repair.step1(ids, helper, lost, random);
        sent.add(d);
        allDeltas.addAll(d.values());
      }
      for (Identifier recipient : ids) {
        List<RepairDelta> received = sent.stream().map(m -> m.get(recipient)).toList();
        sigmas.add(Repair.step2(received));
      }
      try (KeyPackage repaired = Repair.step3(sigmas, lost, unpack(group))) {
        return secret(repaired);
      }
    } finally {
      kps.forEach(KeyPackage::close);
      allDeltas.forEach(RepairDelta::close);
      sigmas.forEach(RepairSigma::close);
    }
  }

  @Override
  public Dealt refresh(List<ShareSecret> current, GroupPublicPackage group)
      throws GeneralSecurityException {
    requireNonNull(current, "current");
    requireNonNull(group, "group");
    List<KeyPackage> kps = open(current);
    List<KeyPackage> fresh = new ArrayList<>();
    try {
      List<Identifier> ids = kps.stream().map(KeyPackage::identifier).toList();
      try (RefreshOutput out = Refresh.generate(unpack(group), ids, random)) {
        for (KeyPackage kp : kps) {
          RefreshShare share =
              out.shares().stream()
                  .filter(s -> s.identifier().equals(kp.identifier()))
                  .findFirst()
                  .orElseThrow(() -> new GeneralSecurityException("refresh share missing"));
          fresh.add(Refresh.apply(share, kp, out.publicKeyPackage()));
        }
        return new Dealt(toSecrets(fresh), pack(out.publicKeyPackage()));
      }
    } finally {
      kps.forEach(KeyPackage::close);
      fresh.forEach(KeyPackage::close);
    }
  }

  private static List<KeyPackage> open(List<ShareSecret> shares) throws FrostException {
    List<KeyPackage> kps = new ArrayList<>(shares.size());
    try {
      for (ShareSecret s : shares) {
        byte[] b = s.revealBytes();
        try {
          kps.add(KeyPackage.fromBytes(b));
        } finally {
          Arrays.fill(b, (byte) 0);
        }
      }
      return kps;
    } catch (FrostException | RuntimeException e) {
      kps.forEach(KeyPackage::close);
      throw e;
    }
  }

  private static List<ShareSecret> toSecrets(List<KeyPackage> kps) {
    List<ShareSecret> out = new ArrayList<>();
    for (KeyPackage kp : kps) {
      out.add(secret(kp));
    }
    return out;
  }

  private static ShareSecret secret(KeyPackage kp) {
    byte[] b = kp.toBytes();
    try {
      byte[] id = kp.identifier().toBytes();
      return ShareSecret.copyOf(participantOf(id), b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Identifiers serialize as 32-byte little-endian scalars; ours are 1..3. */
  private static int participantOf(byte[] id) {
    for (int i = 1; i < id.length; i++) {
      if (id[i] != 0) {
        throw new IllegalStateException("participant identifier out of range");
      }
    }
    return id[0] & 0xff;
  }

  private static GroupPublicPackage pack(PublicKeyPackage p) {
    return new GroupPublicPackage(p.toBytes(), GroupPublicKey.of(p.verifyingKey().toBytes()));
  }

  private static PublicKeyPackage unpack(GroupPublicPackage g) throws FrostException {
    PublicKeyPackage p = PublicKeyPackage.fromBytes(g.encoded());
    if (!Arrays.equals(p.verifyingKey().toBytes(), g.groupKey().toBytes())) {
      throw new FrostException("the public key package does not match the group public key");
    }
    return p;
  }
}
