package ist.spike.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * A Jackson factory whose byte input must be valid UTF-8 text ({@link Utf8}): Jackson's UTF-8
 * parser decodes overlong forms ({@code C0 AF} becomes {@code /}) and encoded surrogates without
 * complaint. Every mapper built by {@link SpikeJson#newObjectMapper} uses it, so the servers' own
 * parsing and {@link SpikeJson#decode} refuse the same bodies.
 *
 * <p>Byte arrays are checked before parsing; streams are read (up to the document-length limit plus
 * one byte, beyond which the parser's own limit refuses them) and then checked. Input that cannot
 * be checked first ({@link DataInput}, non-blocking parsers) is not supported.
 */
final class StrictUtf8JsonFactory extends JsonFactory {
  private static final long serialVersionUID = 1L;

  StrictUtf8JsonFactory(JsonFactoryBuilder builder) {
    super(builder);
  }

  private StrictUtf8JsonFactory(StrictUtf8JsonFactory source) {
    super(source, null);
  }

  @Override
  public JsonFactory copy() {
    _checkInvalidCopy(StrictUtf8JsonFactory.class);
    return new StrictUtf8JsonFactory(this);
  }

  @Override
  protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt)
      throws IOException {
    String problem = Utf8.problem(data, offset, len);
    if (problem != null) {
      throw new InvalidUtf8Exception(problem);
    }
    return super._createParser(data, offset, len, ctxt);
  }

  @Override
  protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
    long limit = streamReadConstraints().getMaxDocumentLength();
    int cap =
        limit <= 0 || limit >= Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE - 16 : (int) limit + 1;
    byte[] data = in.readNBytes(cap);
    return _createParser(data, 0, data.length, ctxt);
  }

  /**
   * Text input is encoded to UTF-8 and parsed as bytes, so that every limit (names are measured in
   * UTF-8 bytes by Jackson's byte parser, in chars by its text parser) means one thing whatever the
   * input form; an unpaired surrogate is refused.
   */
  @Override
  protected JsonParser _createParser(
      char[] data, int offset, int len, IOContext ctxt, boolean recyclable) throws IOException {
    int bad = Utf8.unpairedSurrogate(data, offset, len);
    if (bad >= 0) {
      throw new InvalidUtf8Exception("unpaired surrogate at character " + bad);
    }
    byte[] bytes = new String(data, offset, len).getBytes(StandardCharsets.UTF_8);
    return _createParser(bytes, 0, bytes.length, ctxt);
  }

  @Override
  protected JsonParser _createParser(Reader in, IOContext ctxt) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    long cap = readCap();
    for (int n; text.length() < cap && (n = in.read(buffer)) >= 0; ) {
      text.append(buffer, 0, n);
    }
    char[] chars = new char[text.length()];
    text.getChars(0, chars.length, chars, 0);
    return _createParser(chars, 0, chars.length, ctxt, false);
  }

  private long readCap() {
    long limit = streamReadConstraints().getMaxDocumentLength();
    return limit <= 0 || limit >= Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE - 16 : limit + 1;
  }

  @Override
  protected JsonParser _createParser(DataInput input, IOContext ctxt) {
    throw new UnsupportedOperationException(
        "SPIKE's JSON codec reads byte arrays, streams or text");
  }

  @Override
  public JsonParser createNonBlockingByteArrayParser() {
    throw new UnsupportedOperationException(
        "SPIKE's JSON codec reads byte arrays, streams or text");
  }

  @Override
  public JsonParser createNonBlockingByteBufferParser() {
    throw new UnsupportedOperationException(
        "SPIKE's JSON codec reads byte arrays, streams or text");
  }
}
