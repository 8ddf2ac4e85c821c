package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;

/**
 * Writes the digits of a shard answer ({@code {"shard":[32 numbers],…}}) straight into the one
 * array that becomes the response body, which the server zeroes after sending it. Jackson's
 * generator would first write them into its own recycled buffer, where they would stay until that
 * buffer is reused: no library buffer, string or copy ever holds the digits here. The answer's
 * other members carry no secret; {@link KeeperJson} writes them with Jackson and passes them in.
 */
final class ShardAnswer {
  private static final byte[] HEAD = {'{', '"', 's', 'h', 'a', 'r', 'd', '"', ':', '['};

  private ShardAnswer() {}

  /**
   * Returns {@code {"shard":[d0,…,d31],} followed by {@code rest} without its opening brace, in an
   * array of exactly that length: as {@link ShardArray.Writer}, exactly 32 numbers, zero-filled or
   * truncated.
   *
   * @param shard the shard; not null; read, not kept
   * @param rest a JSON object of the answer's other members, at least one (for example {@code
   *     {"Err":""}}); not null
   * @return the answer; the caller zeroes it when it is written
   */
  static byte[] write(byte[] shard, byte[] rest) {
    requireNonNull(shard, "shard");
    requireNonNull(rest, "rest");
    if (rest.length < 3 || rest[0] != '{' || rest[rest.length - 1] != '}') {
      throw new IllegalArgumentException("rest must be a JSON object with a member");
    }
    int length = HEAD.length + (ShardArray.SIZE - 1) + 2 + (rest.length - 1);
    for (int i = 0; i < ShardArray.SIZE; i++) {
      length += digits(at(shard, i));
    }
    byte[] out = new byte[length];
    System.arraycopy(HEAD, 0, out, 0, HEAD.length);
    int pos = HEAD.length;
    for (int i = 0; i < ShardArray.SIZE; i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      int v = at(shard, i);
      if (v >= 100) {
        out[pos++] = (byte) ('0' + v / 100);
      }
      if (v >= 10) {
        out[pos++] = (byte) ('0' + v / 10 % 10);
      }
      out[pos++] = (byte) ('0' + v % 10);
    }
    out[pos++] = ']';
    out[pos++] = ',';
    System.arraycopy(rest, 1, out, pos, rest.length - 1);
    return out;
  }

  private static int at(byte[] shard, int i) {
    return i < shard.length ? shard[i] & 0xff : 0;
  }

  private static int digits(int v) {
    return v >= 100 ? 3 : v >= 10 ? 2 : 1;
  }
}
