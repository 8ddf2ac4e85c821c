package ist.spike.keeper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import ist.spike.api.ShardArray;
import ist.spike.api.keeper.ShardPutRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a contribution ({@link ShardPutRequest}) from a streaming parser with the rules SPIKE's
 * wire mapper applies to that record: members {@code shard} (numbers 0..255, at most {@link
 * ShardArray#MAX_NUMBERS}), {@code err} (a string), {@code index} (an integer) and {@code
 * commitments} (strings); {@code null} leaves a member unset; names match ASCII-case-insensitively
 * and with Go's two extra folds (U+017F to {@code s}, U+212A to {@code k}); other members are
 * skipped; the last of duplicate members wins. A shard array read before a failure is zeroed.
 */
final class ShardBodyReader {
  private ShardBodyReader() {}

  /**
   * Reads the members of the object whose {@code START_OBJECT} the parser is on, up to and
   * including its {@code END_OBJECT}.
   */
  static ShardPutRequest readPut(JsonParser p) throws IOException {
    byte[] shard = null;
    String err = null;
    Integer index = null;
    List<String> commitments = null;
    try {
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        String field = goFold(name);
        try {
          switch (field) {
            case "shard" -> {
              byte[] read = readShard(p, p.nextToken());
              ShardArray.wipe(shard);
              shard = read;
            }
            case "err" -> err = readString(p, p.nextToken(), "err");
            case "index" -> index = readIndex(p, p.nextToken());
            case "commitments" -> commitments = readStrings(p, p.nextToken());
            default -> {
              // an unknown member: checked, not kept; databind reports its errors unwrapped
              skipUnknown(p);
            }
          }
        } catch (Unwrapped e) {
          throw e.getCause();
        } catch (StreamConstraintsException e) {
          throw e;
        } catch (JsonProcessingException e) {
          // malformed JSON inside a member's value: reported with the member, as databind does
          throw new KeeperJson.Mismatch(field, e.getLocation());
        }
      }
      ShardPutRequest body = new ShardPutRequest(shard, err, index, commitments);
      shard = null;
      return body;
    } finally {
      ShardArray.wipe(shard);
    }
  }

  private static void skipUnknown(JsonParser p) throws IOException {
    try {
      p.nextToken();
      p.skipChildren();
    } catch (JsonProcessingException e) {
      throw new Unwrapped(e);
    }
  }

  /** Carries a parse error in an unknown member past the wrapping of known members' errors. */
  private static final class Unwrapped extends IOException {
    private static final long serialVersionUID = 1L;

    Unwrapped(JsonProcessingException cause) {
      super(cause);
    }

    @Override
    public synchronized JsonProcessingException getCause() {
      return (JsonProcessingException) super.getCause();
    }
  }

  /** The member name lower-cased in ASCII and with Go's two non-ASCII folds onto ASCII letters. */
  static String goFold(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      } else if (c == '\u017f') {
        c = 's';
      } else if (c == '\u212a') {
        c = 'k';
      }
      out.append(c);
    }
    return out.toString();
  }

  private static byte[] readShard(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw mismatch(p, "shard");
    }
    byte[] out = new byte[ShardArray.MAX_NUMBERS];
    try {
      int i = 0;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (i >= ShardArray.MAX_NUMBERS || e != JsonToken.VALUE_NUMBER_INT) {
          throw mismatch(p, "shard");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
          // out of int's range: reported, as databind does, where the number ends
          throw new KeeperJson.Mismatch("shard", p.currentLocation());
        }
        int v = p.getIntValue();
        if (v < 0 || v > 255) {
          throw mismatch(p, "shard");
        }
        out[i++] = (byte) v;
      }
      return Arrays.copyOf(out, i);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  private static String readString(JsonParser p, JsonToken t, String path) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return "";
    }
    if (t != JsonToken.VALUE_STRING) {
      throw mismatch(p, path);
    }
    return goSurrogates(p.getText());
  }

  private static Integer readIndex(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(p, "index");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      // out of int's range: reported, as databind does, where the number ends
      throw new KeeperJson.Mismatch("index", p.currentLocation());
    }
    return p.getIntValue();
  }

  private static List<String> readStrings(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw mismatch(p, "commitments");
    }
    List<String> out = new ArrayList<>();
    try {
      for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
        out.add(readString(p, e, "commitments[" + out.size() + "]"));
      }
    } catch (StreamConstraintsException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new KeeperJson.Mismatch("commitments[" + out.size() + "]", e.getLocation());
    }
    return out;
  }

  /** Unpaired UTF-16 surrogates (from backslash-u escapes) become U+FFFD, as Go decodes them. */
  static String goSurrogates(String s) {
    StringBuilder sb = null;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
      boolean bad = !pair && Character.isSurrogate(c);
      if (bad && sb == null) {
        sb = new StringBuilder(n).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(bad ? '\ufffd' : c);
        if (pair) {
          sb.append(s.charAt(i + 1));
        }
      }
      if (pair) {
        i++;
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static KeeperJson.Mismatch mismatch(JsonParser p, String path) {
    return new KeeperJson.Mismatch(path, p.currentTokenLocation());
  }
}
