package ist.spike.nexus.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses policy patterns that Go's RE2 ({@code regexp/syntax}) refuses for their size, before
 * RE2/J compiles them: RE2/J has none of these limits and expands counted repetitions eagerly, so
 * {@code (a{1000}){1000}} would build a million-instruction program (seconds of CPU and an {@code
 * OutOfMemoryError}).
 *
 * <p>The checks are Go's, computed on a parse tree of the pattern as written:
 *
 * <ul>
 *   <li>a counted repetition {@code {n,m}} may not exceed 1000, and neither may the product of
 *       nested counted repetitions (Go's {@code repeatIsValid} with {@code maxRepeat = 1000},
 *       integer division included);
 *   <li>the estimated program size may not exceed Go's {@code maxSize} (3,355,443 instructions,
 *       Go's {@code calcSize} formulas; alternations are not factored as Go does, so the estimate
 *       is never below Go's);
 *   <li>the tree may not be deeper than Go's {@code maxHeight} (1000).
 * </ul>
 *
 * Syntax errors are left to RE2/J, which reports them without building a program. Go's limit on
 * runes in character classes (32 M) cannot be reached under the length limits of policy patterns.
 */
final class PatternComplexity {
  /** Go's {@code maxRepeat}. */
  static final int MAX_REPEAT = 1000;

  /** Go's {@code maxSize}: 128 MiB of 40-byte instructions. */
  static final long MAX_SIZE = (128L << 20) / 40;

  /** Go's {@code maxHeight}. */
  static final int MAX_HEIGHT = 1000;

  private PatternComplexity() {}

  /**
   * Checks a pattern against Go's RE2 size limits.
   *
   * @param field the field name for the message ({@code pathPattern}, {@code spiffeidPattern})
   * @param pattern the pattern
   * @throws InvalidPolicyException naming the field and the limit it breaks
   */
  static void check(String field, String pattern) {
    Node tree = new Scanner(pattern).parse();
    if (!repeatsValid(tree)) {
      throw new InvalidPolicyException(
          field
              + " is too complex: a counted repetition {n,m} may repeat at most "
              + MAX_REPEAT
              + " times, and so may nested counted repetitions multiplied together (Go's RE2"
              + " limit); use * or + instead of large counts");
    }
    if (tree.size() > MAX_SIZE) {
      throw new InvalidPolicyException(
          field
              + " is too large: it would compile to more than "
              + MAX_SIZE
              + " instructions (Go's RE2 limit)");
    }
    if (tree.height() > MAX_HEIGHT) {
      throw new InvalidPolicyException(
          field + " nests too deeply: more than " + MAX_HEIGHT + " levels (Go's RE2 limit)");
    }
  }

  private static boolean repeatsValid(Node node) {
    if (node.kind == Kind.REPEAT && (node.min >= 2 || node.max >= 2)) {
      if (!repeatIsValid(node, MAX_REPEAT)) {
        return false;
      }
    }
    for (Node sub : node.subs) {
      if (!repeatsValid(sub)) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code repeatIsValid}: at most {@code n} copies of the innermost thing. */
  private static boolean repeatIsValid(Node node, int n) {
    if (node.kind == Kind.REPEAT) {
      int m = node.max;
      if (m == 0) {
        return true;
      }
      if (m < 0) {
        m = node.min;
      }
      if (m > n) {
        return false;
      }
      if (m > 0) {
        n /= m;
      }
    }
    for (Node sub : node.subs) {
      if (!repeatIsValid(sub, n)) {
        return false;
      }
    }
    return true;
  }

  private enum Kind {
    LEAF,
    LITERAL,
    CONCAT,
    ALTERNATE,
    CAPTURE,
    STAR,
    PLUS,
    QUEST,
    REPEAT
  }

  private static final class Node {
    final Kind kind;
    final List<Node> subs;
    int runes;
    int min;
    int max;

    Node(Kind kind, List<Node> subs) {
      this.kind = kind;
      this.subs = subs;
    }

    static Node leaf() {
      return new Node(Kind.LEAF, List.of());
    }

    static Node literal() {
      Node n = new Node(Kind.LITERAL, List.of());
      n.runes = 1;
      return n;
    }

    static Node wrap(Kind kind, Node sub) {
      return new Node(kind, List.of(sub));
    }

    /** Go's {@code calcSize}, saturating at a value above the limit. */
    long size() {
      long size =
          switch (kind) {
            case LEAF -> 0;
            case LITERAL -> runes;
            case CAPTURE, STAR -> 2 + subs.get(0).size();
            case PLUS, QUEST -> 1 + subs.get(0).size();
            case CONCAT -> sum();
            case ALTERNATE -> sum() + Math.max(0, subs.size() - 1);
            case REPEAT -> {
              long sub = subs.get(0).size();
              if (max == -1) {
                yield min == 0 ? 2 + sub : 1 + (long) min * sub;
              }
              yield (long) max * sub + (max - min);
            }
          };
      return Math.min(Math.max(1, size), MAX_SIZE + 1);
    }

    private long sum() {
      long s = 0;
      for (Node sub : subs) {
        s = Math.min(s + sub.size(), MAX_SIZE + 1);
      }
      return s;
    }

    int height() {
      int h = 1;
      for (Node sub : subs) {
        h = Math.max(h, 1 + sub.height());
      }
      return h;
    }
  }

  /**
   * Builds the tree with Go's tokenization: escapes (including {@code \Q…\E}, {@code \x{…}} and
   * {@code \p{…}}), character classes (including {@code [:name:]}), flag groups, and {@code {n,m}}
   * only where Go's {@code parseRepeat} accepts it (otherwise {@code {} is a literal).
   */
  private static final class Scanner {
    private final String s;
    private int i;

    Scanner(String s) {
      this.s = s;
    }

    Node parse() {
      // Each open group: its alternatives so far and the concatenation being built.
      List<List<Node>> alternativesStack = new ArrayList<>();
      List<List<Node>> concatStack = new ArrayList<>();
      List<Boolean> captureStack = new ArrayList<>();
      List<Node> alternatives = new ArrayList<>();
      List<Node> concat = new ArrayList<>();
      boolean capture = false;
      int n = s.length();
      while (i < n) {
        char c = s.charAt(i);
        switch (c) {
          case '(' -> {
            if (openGroup()) {
              alternativesStack.add(alternatives);
              concatStack.add(concat);
              captureStack.add(capture);
              alternatives = new ArrayList<>();
              concat = new ArrayList<>();
              capture = lastGroupCaptures;
            }
          }
          case '|' -> {
            alternatives.add(concat(concat));
            concat = new ArrayList<>();
            i++;
          }
          case ')' -> {
            i++;
            if (alternativesStack.isEmpty()) {
              continue; // RE2/J reports the unbalanced parenthesis
            }
            alternatives.add(concat(concat));
            Node group = alternate(alternatives);
            if (capture) {
              group = Node.wrap(Kind.CAPTURE, group);
            }
            int top = alternativesStack.size() - 1;
            alternatives = alternativesStack.remove(top);
            concat = concatStack.remove(top);
            capture = captureStack.remove(top);
            concat.add(group);
          }
          case '*', '+', '?' -> {
            i++;
            skipNonGreedy();
            applyRepeat(concat, c == '*' ? Kind.STAR : c == '+' ? Kind.PLUS : Kind.QUEST, 0, 0);
          }
          case '{' -> {
            int[] repeat = parseRepeat();
            if (repeat == null) {
              i++;
              concat.add(Node.literal());
            } else {
              skipNonGreedy();
              applyRepeat(concat, Kind.REPEAT, repeat[0], repeat[1]);
            }
          }
          case '[' -> {
            skipClass();
            concat.add(Node.leaf());
          }
          case '\\' -> escape(concat);
          case '^', '$', '.' -> {
            i++;
            concat.add(Node.leaf());
          }
          default -> {
            i += Character.charCount(s.codePointAt(i));
            concat.add(Node.literal());
          }
        }
      }
      // Unclosed groups are a syntax error that RE2/J reports; measure what was seen.
      while (!alternativesStack.isEmpty()) {
        alternatives.add(concat(concat));
        Node group = alternate(alternatives);
        int top = alternativesStack.size() - 1;
        alternatives = alternativesStack.remove(top);
        concat = concatStack.remove(top);
        captureStack.remove(top);
        concat.add(group);
      }
      alternatives.add(concat(concat));
      return alternate(alternatives);
    }

    private boolean lastGroupCaptures;

    /**
     * Consumes {@code (}, {@code (?:}, {@code (?flags:}, {@code (?P<name>} or a flags-only {@code
     * (?flags)}. Returns {@code true} if a group opens; {@link #lastGroupCaptures} says whether it
     * captures.
     */
    private boolean openGroup() {
      int n = s.length();
      if (i + 1 < n && s.charAt(i + 1) == '?') {
        boolean named =
            i + 2 < n
                && (s.charAt(i + 2) == '<'
                    || s.charAt(i + 2) == 'P' && i + 3 < n && s.charAt(i + 3) == '<');
        if (named) {
          int end = s.indexOf('>', i);
          i = end < 0 ? n : end + 1;
          lastGroupCaptures = true;
          return true;
        }
        int j = i + 2;
        while (j < n && s.charAt(j) != ':' && s.charAt(j) != ')') {
          j++;
        }
        i = Math.min(n, j + 1);
        lastGroupCaptures = false;
        return j < n && s.charAt(j) == ':';
      }
      i++;
      lastGroupCaptures = true;
      return true;
    }

    private void skipNonGreedy() {
      if (i < s.length() && s.charAt(i) == '?') {
        i++;
      }
    }

    private static void applyRepeat(List<Node> concat, Kind kind, int min, int max) {
      if (concat.isEmpty()) {
        return; // "missing argument to repetition operator", reported by RE2/J
      }
      Node sub = concat.remove(concat.size() - 1);
      Node r = Node.wrap(kind, sub);
      r.min = min;
      r.max = max;
      concat.add(r);
    }

    /** Go's {@code parseRepeat}: {@code {n}}, {@code {n,}}, {@code {n,m}}; null if not one. */
    private int[] parseRepeat() {
      int j = i + 1;
      int[] min = parseInt(j);
      if (min == null) {
        return null;
      }
      j = min[1];
      int max;
      if (j >= s.length()) {
        return null;
      }
      if (s.charAt(j) != ',') {
        max = min[0];
      } else {
        j++;
        if (j >= s.length()) {
          return null;
        }
        if (s.charAt(j) == '}') {
          max = -1;
        } else {
          int[] m = parseInt(j);
          if (m == null) {
            return null;
          }
          max = m[0];
          j = m[1];
        }
      }
      if (j >= s.length() || s.charAt(j) != '}') {
        return null;
      }
      i = j + 1;
      // Out-of-range counts are Go's "invalid repeat count"; RE2/J refuses them too, but only
      // after this check, so count them as over the limit here.
      int lo = min[0] < 0 ? MAX_REPEAT + 1 : min[0];
      int hi = max < -1 ? MAX_REPEAT + 1 : max;
      return new int[] {lo, hi};
    }

    /** Go's {@code parseInt}: no leading zeros; values of 10^8 and above become -2 (too big). */
    private int[] parseInt(int j) {
      int n = s.length();
      if (j >= n || !isDigit(s.charAt(j))) {
        return null;
      }
      if (j + 1 < n && s.charAt(j) == '0' && isDigit(s.charAt(j + 1))) {
        return null;
      }
      long v = 0;
      while (j < n && isDigit(s.charAt(j))) {
        if (v >= 100_000_000L) {
          v = Long.MAX_VALUE;
        } else {
          v = v * 10 + (s.charAt(j) - '0');
        }
        j++;
      }
      return new int[] {v >= 100_000_000L ? -2 : (int) v, j};
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private void escape(List<Node> concat) {
      int n = s.length();
      if (i + 1 >= n) {
        i = n;
        return; // trailing backslash: RE2/J reports it
      }
      char c = s.charAt(i + 1);
      if (c == 'Q') {
        int end = s.indexOf("\\E", i + 2);
        int stop = end < 0 ? n : end;
        for (int k = i + 2; k < stop; k += Character.charCount(s.codePointAt(k))) {
          concat.add(Node.literal());
        }
        i = end < 0 ? n : end + 2;
        return;
      }
      i = skipEscape(i);
      concat.add(
          c == 'A' || c == 'z' || c == 'b' || c == 'B' || c == 'p' || c == 'P' || c == 'd'
                  || c == 'D' || c == 's' || c == 'S' || c == 'w' || c == 'W'
              ? Node.leaf()
              : Node.literal());
    }

    /** Returns the index after the escape starting at {@code j} (a backslash). */
    private int skipEscape(int j) {
      int n = s.length();
      char c = s.charAt(j + 1);
      if ((c == 'p' || c == 'P' || c == 'x') && j + 2 < n && s.charAt(j + 2) == '{') {
        int end = s.indexOf('}', j + 2);
        return end < 0 ? n : end + 1;
      }
      if (c == 'x') {
        return Math.min(n, j + 4);
      }
      if ((c == 'p' || c == 'P') && j + 2 < n) {
        return j + 2 + Character.charCount(s.codePointAt(j + 2));
      }
      if (c >= '0' && c <= '7') {
        int k = j + 2;
        while (k < n && k < j + 4 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
          k++;
        }
        return k;
      }
      return j + 1 + Character.charCount(s.codePointAt(j + 1));
    }

    /** Go's {@code parseClass}, only to find where the class ends. */
    private void skipClass() {
      int n = s.length();
      int j = i + 1;
      if (j < n && s.charAt(j) == '^') {
        j++;
      }
      boolean first = true;
      while (j < n && (s.charAt(j) != ']' || first)) {
        first = false;
        char c = s.charAt(j);
        if (c == '[' && j + 1 < n && s.charAt(j + 1) == ':') {
          int end = s.indexOf(":]", j + 2);
          if (end >= 0) {
            j = end + 2;
            continue;
          }
        }
        if (c == '\\' && j + 1 < n) {
          j = skipEscape(j);
          continue;
        }
        j += Character.charCount(s.codePointAt(j));
      }
      i = Math.min(n, j + 1);
    }

    private static Node concat(List<Node> parts) {
      if (parts.isEmpty()) {
        return Node.leaf(); // empty match
      }
      // Go merges runs of literal characters into one literal node.
      List<Node> merged = new ArrayList<>();
      for (Node p : parts) {
        Node last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (p.kind == Kind.LITERAL && last != null && last.kind == Kind.LITERAL) {
          last.runes += p.runes;
        } else {
          merged.add(p);
        }
      }
      return merged.size() == 1 ? merged.get(0) : new Node(Kind.CONCAT, merged);
    }

    private static Node alternate(List<Node> alternatives) {
      return alternatives.size() == 1
          ? alternatives.get(0)
          : new Node(Kind.ALTERNATE, List.copyOf(alternatives));
    }
  }
}
