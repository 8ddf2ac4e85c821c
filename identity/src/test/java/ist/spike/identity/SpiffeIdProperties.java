package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SpiffeIdProperties {
  @Provide
  Arbitrary<String> trustDomains() {
    return Arbitraries.strings().withChars("abcxyz019.-").ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<List<String>> segments() {
    return Arbitraries.strings()
        .withChars("aZ09._-")
        .ofMinLength(1)
        .ofMaxLength(6)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list()
        .ofMaxSize(4);
  }

  @Property
  void parse_toString_roundTrips(
      @ForAll("trustDomains") String td, @ForAll("segments") List<String> path) {
    String text = "spiffe://" + td + (path.isEmpty() ? "" : "/" + String.join("/", path));
    SpiffeId id = SpiffeId.parse(text);

    assertThat(id.toString()).isEqualTo(text);
    assertThat(SpiffeId.parse(id.toString())).isEqualTo(id);
    assertThat(id.trustDomain()).isEqualTo(td);
  }

  @Property
  void isOrIsUnder_matchesSpikePrefixRule(
      @ForAll("segments") List<String> base, @ForAll("segments") List<String> other) {
    SpiffeId b = SpiffeId.of("spike.ist", String.join("/", base));
    SpiffeId o = SpiffeId.of("spike.ist", String.join("/", other));
    String bs = b.toString();
    String os = o.toString();

    assertThat(o.isOrIsUnder(b)).isEqualTo(os.equals(bs) || os.startsWith(bs + "/"));
  }

  @Property
  void isOrIsUnder_suffixWithoutSlash_neverUnder(
      @ForAll("segments") List<String> base, @ForAll("trustDomains") String suffix) {
    SpiffeId b = SpiffeId.of("spike.ist", String.join("/", base));
    String extended = b + suffix.replace(".", "x");

    assertThat(SpiffeId.parse(extended).isOrIsUnder(b)).isFalse();
  }
}
