package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.RecoveryFactor;
import java.util.Optional;

/** Where a share lives; fixes its FROST participant id and file name. */
public enum ShareLabel {
  DEVICE("device", 1, RecoveryFactor.DEVICE),
  CLOUD("cloud", 2, RecoveryFactor.CLOUD),
  RECOVERY_CODE("recovery-code", 3, RecoveryFactor.RECOVERY_CODE);

  private final String label;
  private final int participant;
  private final RecoveryFactor factor;

  ShareLabel(String label, int participant, RecoveryFactor factor) {
    this.label = label;
    this.participant = participant;
    this.factor = factor;
  }

  /** Returns the label used on the command line, in file names and in associated data. */
  public String label() {
    return label;
  }

  /** Returns the FROST participant identifier. */
  public int participant() {
    return participant;
  }

  /** Returns the factor name used in receipts. */
  public RecoveryFactor factor() {
    return factor;
  }

  /** Returns the share file name, for example {@code recovery-code.share}. */
  public String fileName() {
    return label + ".share";
  }

  /**
   * Parses a label; accepts {@code recovery_code} as well as {@code recovery-code}.
   *
   * @param text the label; not null
   * @return the label, or empty if unknown
   */
  public static Optional<ShareLabel> parse(String text) {
    requireNonNull(text, "text");
    String t = text.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    for (ShareLabel l : values()) {
      if (l.label.equals(t)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** Returns the label for a participant id. */
  public static ShareLabel ofParticipant(int participant) {
    for (ShareLabel l : values()) {
      if (l.participant == participant) {
        return l;
      }
    }
    throw new IllegalArgumentException("no share label for participant " + participant);
  }

  @Override
  public String toString() {
    return label;
  }
}
