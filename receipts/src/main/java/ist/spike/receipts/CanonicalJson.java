package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit order, equal to byte order for the ASCII
 * keys receipts use) at every level, no insignificant whitespace, strings escaped exactly as {@code
 * serde_json}'s compact formatter does. This reproduces the bytes the SPA prototype hashes (a
 * {@code BTreeMap} serialized without {@code preserve_order}).
 *
 * <p>Only integers are allowed as numbers: floating-point text differs between JSON libraries, so
 * it has no canonical form here and is refused.
 */
public final class CanonicalJson {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private CanonicalJson() {}

  /**
   * Encodes a JSON tree canonically.
   *
   * @param node the tree; not null
   * @return the UTF-8 bytes
   * @throws ReceiptFormatException if the tree holds a non-integral or out-of-range number
   */
  public static byte[] encode(JsonNode node) throws ReceiptFormatException {
    requireNonNull(node, "node");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(node, out);
    return out.toByteArray();
  }

  /** Like {@link #encode} but returns a string. */
  public static String encodeToString(JsonNode node) throws ReceiptFormatException {
    return new String(encode(node), StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, ByteArrayOutputStream out)
      throws ReceiptFormatException {
    switch (node.getNodeType()) {
      case NULL -> ascii(out, "null");
      case BOOLEAN -> ascii(out, node.booleanValue() ? "true" : "false");
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new ReceiptFormatException(
              "canonical JSON allows only integer numbers; found a " + node.numberType());
        }
        BigInteger value = node.bigIntegerValue();
        if (value.bitLength() > 64 || (value.signum() < 0 && value.bitLength() > 63)) {
          throw new ReceiptFormatException("canonical JSON integers must fit in i64 or u64");
        }
        ascii(out, value.toString());
      }
      case STRING -> string(node.textValue(), out);
      case ARRAY -> {
        out.write('[');
        boolean first = true;
        for (JsonNode element : node) {
          if (!first) {
            out.write(',');
          }
          first = false;
          write(element, out);
        }
        out.write(']');
      }
      case OBJECT -> {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
        Collections.sort(keys);
        out.write('{');
        boolean first = true;
        for (String key : keys) {
          if (!first) {
            out.write(',');
          }
          first = false;
          string(key, out);
          out.write(':');
          write(node.get(key), out);
        }
        out.write('}');
      }
      default ->
          throw new ReceiptFormatException(
              "canonical JSON cannot encode a " + node.getNodeType() + " node");
    }
  }

  private static void string(String s, ByteArrayOutputStream out) {
    out.write('"');
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
          };
      if (escape == null && c >= 0x20) {
        plain.append(c);
        continue;
      }
      out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
      plain.setLength(0);
      if (escape != null) {
        ascii(out, escape);
      } else {
        ascii(out, "\\u00");
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xf]);
      }
    }
    out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
    out.write('"');
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
