package ist.spike.spa.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.spa.group.ShareSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareVaultTest {
  /** Test-only cheap parameters; production uses {@link Argon2Params#PRODUCTION}. */
  private static final Argon2Params FAST = new Argon2Params(64, 1, 1);

  private final SecureRandom random = new SecureRandom();
  @TempDir Path home;

  private ShareVault vault(String user) {
    return new ShareVault(home, UserId.parse(user), FAST, random);
  }

  private static ShareSecret share(int participant) {
    byte[] b = new byte[134];
    new SecureRandom().nextBytes(b);
    return ShareSecret.copyOf(participant, b);
  }

  @Test
  void load_afterStoreWithKeyFile_returnsSameShare() throws Exception {
    ShareVault v = vault("alice");
    try (WrappingKey key = WrappingKey.create(v.userDir().resolve("device.key"), random);
        ShareSecret s = share(1)) {
      v.store(ShareLabel.DEVICE, s, key);
      try (ShareSecret back = v.load(ShareLabel.DEVICE, key)) {
        assertThat(back.equalsSecret(s)).isTrue();
      }
    }
  }

  @Test
  void store_productionParameters_roundTripsAndRecordsThem() throws Exception {
    ShareVault v = new ShareVault(home, UserId.parse("bob"), Argon2Params.PRODUCTION, random);
    try (RecoveryCode code = RecoveryCode.generate(random);
        ShareSecret s = share(3)) {
      v.store(ShareLabel.RECOVERY_CODE, s, code);
      assertThat(Files.readString(v.path(ShareLabel.RECOVERY_CODE)))
          .contains("\"m\" : 19456")
          .contains("\"t\" : 2")
          .contains("\"p\" : 1");
      try (ShareSecret back = v.load(ShareLabel.RECOVERY_CODE, code)) {
        assertThat(back.equalsSecret(s)).isTrue();
      }
    }
  }

  @Test
  void load_wrongRecoveryCode_throwsWrongRecoveryCode() throws Exception {
    ShareVault v = vault("alice");
    try (RecoveryCode code = RecoveryCode.generate(random);
        RecoveryCode other = RecoveryCode.generate(random);
        ShareSecret s = share(3)) {
      v.store(ShareLabel.RECOVERY_CODE, s, code);
      assertThatThrownBy(() -> v.load(ShareLabel.RECOVERY_CODE, other))
          .isInstanceOf(WrongRecoveryCodeException.class)
          .hasMessageContaining("recovery code does not unlock");
    }
  }

  @Test
  void load_everyByteOfFileTampered_throwsShareDecryption() throws Exception {
    ShareVault v = vault("alice");
    try (WrappingKey key = WrappingKey.create(v.userDir().resolve("cloud-kms.key"), random);
        ShareSecret s = share(2)) {
      v.store(ShareLabel.CLOUD, s, key);
      Path file = v.path(ShareLabel.CLOUD);
      byte[] original = Files.readAllBytes(file);
      int detected = 0;
      for (int i = 0; i < original.length; i++) {
        byte[] copy = original.clone();
        copy[i] ^= 0x01;
        Files.write(file, copy);
        try (ShareSecret back = v.load(ShareLabel.CLOUD, key)) {
          // A flip inside JSON whitespace or hex letter case leaves the content unchanged.
          assertThat(back.equalsSecret(s)).as("byte %d", i).isTrue();
          assertThat(
                  new String(copy)
                      .replaceAll("\\s", "")
                      .equalsIgnoreCase(new String(original).replaceAll("\\s", "")))
              .as("byte %d changed content but decrypted", i)
              .isTrue();
        } catch (ShareDecryptionException expected) {
          detected++;
        }
      }
      assertThat(detected).isGreaterThan(original.length / 2);
    }
  }

  @Test
  void load_fileMovedToOtherUser_throwsShareDecryption() throws Exception {
    ShareVault alice = vault("alice");
    ShareVault mallory = vault("mallory");
    try (WrappingKey key = WrappingKey.create(home.resolve("k"), random);
        ShareSecret s = share(1)) {
      alice.store(ShareLabel.DEVICE, s, key);
      Files.createDirectories(mallory.userDir());
      String json =
          Files.readString(alice.path(ShareLabel.DEVICE)).replace("\"alice\"", "\"mallory\"");
      Files.writeString(mallory.path(ShareLabel.DEVICE), json);
      Files.setPosixFilePermissions(
          mallory.path(ShareLabel.DEVICE), PosixFilePermissions.fromString("rw-------"));
      assertThatThrownBy(() -> mallory.load(ShareLabel.DEVICE, key))
          .isInstanceOf(ShareDecryptionException.class);
    }
  }

  @Test
  void load_deviceKeyOnCloudLabel_throwsShareDecryption() throws Exception {
    ShareVault v = vault("alice");
    try (WrappingKey device = WrappingKey.create(home.resolve("d"), random);
        WrappingKey cloud = WrappingKey.create(home.resolve("c"), random);
        ShareSecret s = share(2)) {
      v.store(ShareLabel.CLOUD, s, cloud);
      assertThatThrownBy(() -> v.load(ShareLabel.CLOUD, device))
          .isInstanceOf(ShareDecryptionException.class)
          .isNotInstanceOf(WrongRecoveryCodeException.class);
    }
  }

  @Test
  void store_filesArePrivate() throws Exception {
    ShareVault v = vault("alice");
    try (WrappingKey key = WrappingKey.create(v.userDir().resolve("device.key"), random);
        ShareSecret s = share(1)) {
      v.store(ShareLabel.DEVICE, s, key);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(v.path(ShareLabel.DEVICE))))
          .isEqualTo("rw-------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(v.userDir().resolve("device.key"))))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.userDir())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void load_missingFile_throwsShareNotFound() {
    assertThatThrownBy(() -> vault("alice").load(ShareLabel.DEVICE, RecoveryCode.generate(random)))
        .isInstanceOf(ShareNotFoundException.class);
  }

  @Test
  void userIdParse_pathTricks_rejected() {
    for (String bad :
        new String[] {"", "a/b", "..", "../x", ".hidden", "a\\b", "x".repeat(65), "a b"}) {
      assertThatThrownBy(() -> UserId.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(UserId.parse("alice.smith@example-1").value()).isEqualTo("alice.smith@example-1");
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) 0x41);
    try (ShareSecret s = ShareSecret.copyOf(1, b);
        WrappingKey k = WrappingKey.create(home.resolve("k2"), random)) {
      assertThat(s.toString()).doesNotContain("41").doesNotContain("AAAA");
      assertThat(k.toString()).isEqualTo("WrappingKey[32 bytes]");
    }
  }

  @Test
  void load_deviceFileCopiedOverCloudLabel_throwsShareDecryption() throws Exception {
    ShareVault v = vault("alice");
    try (WrappingKey key = WrappingKey.create(home.resolve("same"), random);
        ShareSecret device = share(1);
        ShareSecret cloud = share(2)) {
      v.store(ShareLabel.DEVICE, device, key);
      v.store(ShareLabel.CLOUD, cloud, key);
      String json = Files.readString(v.path(ShareLabel.DEVICE)).replace("\"device\"", "\"cloud\"");
      Files.writeString(v.path(ShareLabel.CLOUD), json);
      assertThatThrownBy(() -> v.load(ShareLabel.CLOUD, key))
          .isInstanceOf(ShareDecryptionException.class);
    }
  }

  @Test
  void read_keyFileReadableByOthers_refusedWithFix() throws Exception {
    Path file = home.resolve("loose.key");
    WrappingKey.create(file, random).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> WrappingKey.read(file))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("chmod 600");
  }
}
