package ist.spike.dist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An exception's text as Logback's {@code %ex} converter writes it below a log line (so every SPIKE
 * backend writes the same, ADR 0254): the exception's {@code toString()}, its frames as tab, {@code
 * at } and the frame, then each suppressed exception one tab further in after {@code Suppressed: },
 * then the cause after {@code Caused by: }; a nested exception leaves out the frames it shares with
 * the one that holds it ({@code ... N common frames omitted}), and one met a second time is written
 * as {@code [CIRCULAR REFERENCE: class: message]}.
 */
final class StackTraceText {
  private static final String LINE_SEPARATOR = System.lineSeparator();
  private static final StackTraceElement[] NO_FRAMES = {};

  private StackTraceText() {}

  /** Appends {@code thrown}'s text, each line ended by the line separator. */
  static void append(StringBuilder out, Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Node.of(thrown, NO_FRAMES, seen).append(out, "", 1);
  }

  /** One exception of the tree, with what is known before writing it. */
  private record Node(
      String firstLine,
      StackTraceElement[] frames,
      int commonFrames,
      List<Node> suppressed,
      Node cause) {

    /**
     * The tree under {@code t}, visited as Logback visits it (the cause's branch before the
     * suppressed ones), which decides which repeated exception counts as the circular one.
     */
    static Node of(Throwable t, StackTraceElement[] enclosing, Set<Throwable> seen) {
      if (!seen.add(t)) {
        String line =
            "[CIRCULAR REFERENCE: " + t.getClass().getName() + ": " + t.getMessage() + "]";
        return new Node(line, NO_FRAMES, 0, List.of(), null);
      }
      StackTraceElement[] frames = t.getStackTrace();
      Node cause = t.getCause() == null ? null : of(t.getCause(), frames, seen);
      List<Node> suppressed = new ArrayList<>();
      for (Throwable s : t.getSuppressed()) {
        suppressed.add(of(s, frames, seen));
      }
      return new Node(t.toString(), frames, common(frames, enclosing), suppressed, cause);
    }

    /** How many frames, counted from the bottom, {@code frames} shares with {@code enclosing}. */
    private static int common(StackTraceElement[] frames, StackTraceElement[] enclosing) {
      int n = 0;
      while (n < frames.length
          && n < enclosing.length
          && frames[frames.length - 1 - n].equals(enclosing[enclosing.length - 1 - n])) {
        n++;
      }
      return n;
    }

    void append(StringBuilder out, String prefix, int indent) {
      tabs(out, indent - 1);
      out.append(prefix).append(firstLine).append(LINE_SEPARATOR);
      for (int i = 0; i < frames.length - commonFrames; i++) {
        tabs(out, indent);
        out.append("at ").append(frames[i]).append(LINE_SEPARATOR);
      }
      if (commonFrames > 0) {
        tabs(out, indent);
        out.append("... ").append(commonFrames).append(" common frames omitted");
        out.append(LINE_SEPARATOR);
      }
      for (Node s : suppressed) {
        s.append(out, "Suppressed: ", indent + 1);
      }
      if (cause != null) {
        cause.append(out, "Caused by: ", indent);
      }
    }

    private static void tabs(StringBuilder out, int n) {
      for (int i = 0; i < n; i++) {
        out.append('\t');
      }
    }
  }
}
