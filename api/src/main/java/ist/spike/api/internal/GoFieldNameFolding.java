package ist.spike.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import java.io.IOException;

/**
 * Go matches JSON field names to struct fields with Unicode simple case folding. Beyond ASCII case
 * (which Jackson's case-insensitive mode covers), exactly two code points fold onto ASCII letters:
 * U+017F LATIN SMALL LETTER LONG S onto {@code s} and U+212A KELVIN SIGN onto {@code k}. This
 * modifier folds those two in the field names of our records' own objects, never in map keys.
 */
public final class GoFieldNameFolding extends BeanDeserializerModifier {
  private static final long serialVersionUID = 1L;

  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
    if (!beanDesc.getBeanClass().getPackageName().startsWith("ist.spike.api")) {
      return deserializer;
    }
    return new Folding(deserializer);
  }

  static String fold(String name) {
    if (name == null || (name.indexOf('\u017f') < 0 && name.indexOf('\u212a') < 0)) {
      return name;
    }
    return name.replace('\u017f', 's').replace('\u212a', 'k');
  }

  private static final class Folding extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    Folding(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Folding(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return _delegatee.deserialize(new FoldingParser(p), ctxt);
    }
  }

  /** Folds field names only at the object level where it was created. */
  private static final class FoldingParser extends JsonParserDelegate {
    private final int depth;

    FoldingParser(JsonParser p) {
      super(p);
      // Created with the parser on START_OBJECT or on a FIELD_NAME of this object: either way the
      // parsing context is already the object's own.
      this.depth = p.getParsingContext().getNestingDepth();
    }

    private boolean atOwnLevel() {
      return delegate.currentToken() == JsonToken.FIELD_NAME
          && delegate.getParsingContext().getNestingDepth() == depth;
    }

    @Override
    public String nextFieldName() throws IOException {
      String name = delegate.nextFieldName();
      return name != null && atOwnLevel() ? fold(name) : name;
    }

    @Override
    public boolean nextFieldName(SerializableString str) throws IOException {
      return nextToken() == JsonToken.FIELD_NAME && str.getValue().equals(currentName());
    }

    @Override
    public String currentName() throws IOException {
      String name = delegate.currentName();
      return atOwnLevel() ? fold(name) : name;
    }

    @Override
    @Deprecated
    public String getCurrentName() throws IOException {
      return currentName();
    }

    @Override
    public String getText() throws IOException {
      String text = delegate.getText();
      return atOwnLevel() ? fold(text) : text;
    }

    @Override
    public String getValueAsString() throws IOException {
      String text = delegate.getValueAsString();
      return atOwnLevel() ? fold(text) : text;
    }
  }
}
