package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class SlugifierPropertiesTest {

  private final Slugifier slugifier = new Slugifier();
  private final ControlCharacterFilter filter = new ControlCharacterFilter();

  @Provide
  Arbitrary<String> hostileNames() {
    return HostileNames.names();
  }

  @Property(tries = 1000)
  void isIdempotent(@ForAll @StringLength(max = 12_000) String value) {
    String once = slugifier.slugify(value);

    assertThat(slugifier.slugify(once)).isEqualTo(once);
  }

  @Property(tries = 1000)
  void isIdempotentOnHostileNames(@ForAll("hostileNames") String value) {
    String once = slugifier.slugify(value);

    assertThat(slugifier.slugify(once)).isEqualTo(once);
  }

  @Property(tries = 1000)
  void producesOnlyLowercaseWordCharactersAndSingleDashes(@ForAll("hostileNames") String value) {
    String slug = slugifier.slugify(value);

    assertThat(slug)
        .matches("[a-z0-9_-]*")
        .doesNotStartWith("-")
        .doesNotStartWith("_")
        .doesNotEndWith("-")
        .doesNotEndWith("_")
        .doesNotContain("--");
  }

  @Property(tries = 1000)
  void producesOnlyLowercaseWordCharactersForAnyString(
      @ForAll @StringLength(max = 12_000) String value) {
    String slug = slugifier.slugify(value);

    assertThat(slug).matches("([a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)?").doesNotContain("--");
  }

  @Property(tries = 1000)
  void isNotChangedByRemovingControlCharacters(@ForAll("hostileNames") String value) {
    assertThat(slugifier.slugify(filter.clean(value))).isEqualTo(slugifier.slugify(value));
  }
}
