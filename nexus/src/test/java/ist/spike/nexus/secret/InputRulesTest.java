package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §12, path and name validation cases. */
final class InputRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "secrets/db/password",
        "password",
        "secrets.db.password",
        "secrets_db_password",
        "secrets-db-password",
        "SECRETS/DB",
        "secrets/(dev)",
        "secrets?",
        "secrets+extra",
        "secrets/*",
        "secrets|backup",
        "secrets[0]",
        "secrets{key}",
        "secrets\\windows",
        "/secrets/db",
        "secrets/db/",
        "secrets//db",
        "/",
        "///",
        "...",
        "../secrets",
        "./secrets"
      })
  void secretPath_valid_accepted(String path) {
    assertThat(InputRules.secretPath(path)).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "secrets db",
        "\n",
        "\t",
        "\"",
        "'",
        "`",
        ";",
        "&",
        "$",
        "@",
        "#",
        "%",
        "^",
        "!",
        ",",
        "<",
        ">",
        "=",
        ":",
        " "
      })
  void secretPath_invalid_rejected(String path) {
    assertThatThrownBy(() -> InputRules.secretPath(path)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void secretPath_length500Ok_501Rejected() {
    assertThat(InputRules.secretPath("a".repeat(500))).hasSize(500);
    assertThatThrownBy(() -> InputRules.secretPath("a".repeat(501)))
        .hasMessage("path must be at most 500 characters; got 501");
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple-name", "name_with_underscore", "name with space", "    ", "----"})
  void name_valid_accepted(String name) {
    assertThat(InputRules.name("key", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "name/with/slash",
        "name.with.dot",
        "name@example",
        "name(test)",
        "name*",
        "name=value",
        "name\\test"
      })
  void name_invalid_rejected(String name) {
    assertThatThrownBy(() -> InputRules.name("key", name))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void name_length250Ok_251Rejected() {
    assertThat(InputRules.name("key", "a".repeat(250))).hasSize(250);
    assertThatThrownBy(() -> InputRules.name("key", "a".repeat(251)))
        .hasMessage("key must be at most 250 characters; got 251");
  }
}
