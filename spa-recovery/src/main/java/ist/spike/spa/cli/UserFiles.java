package ist.spike.spa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.Enrolment;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.LifecycleViolationException;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.spa.group.GroupPublicPackage;
import ist.spike.spa.vault.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The non-share files of a user directory: {@code group.json} (group public key and public key
 * package), {@code receipts.jsonl} (one canonical receipt per line), {@code test-clock.json} (test
 * users only), {@code device-signing.key} (the old device's party key).
 */
final class UserFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_RECEIPTS_BYTES = 64L * 1024 * 1024;

  private final Path dir;

  UserFiles(Path dir) {
    this.dir = dir;
  }

  Path groupFile() {
    return dir.resolve("group.json");
  }

  Path receiptsFile() {
    return dir.resolve("receipts.jsonl");
  }

  Path clockFile() {
    return dir.resolve("test-clock.json");
  }

  Path deviceKeyFile() {
    return dir.resolve("device.key");
  }

  /** The old device's party key (Ed25519), registered at onboarding as party {@code device}. */
  Path deviceSigningKeyFile() {
    return dir.resolve("device-signing.key");
  }

  Path cloudKeyFile() {
    return dir.resolve("cloud-kms.key");
  }

  boolean onboarded() {
    return Files.exists(groupFile());
  }

  byte[] groupJson(String subject, GroupPublicPackage group) throws IOException {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", 1);
    node.put("subject", subject);
    node.put("threshold", 2);
    node.put("participants", 3);
    node.put("group_public_key", group.groupKey().toHex());
    node.put("public_key_package", group.encodedHex());
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
  }

  GroupPublicPackage readGroup() throws IOException, CliException {
    JsonNode node = MAPPER.readTree(Files.readAllBytes(groupFile()));
    try {
      return new GroupPublicPackage(
          HexFormat.of().parseHex(node.path("public_key_package").asText()),
          GroupPublicKey.parseHex(node.path("group_public_key").asText()));
    } catch (IllegalArgumentException e) {
      throw new CliException(groupFile() + " is damaged: " + e.getMessage());
    }
  }

  List<String> readReceiptLines() throws IOException {
    if (!Files.exists(receiptsFile())) {
      return List.of();
    }
    return readLines(receiptsFile());
  }

  /** Reads a receipts file: one receipt per line, bytes kept exactly (no trimming). */
  List<String> readLines(Path file) throws IOException {
    if (Files.size(file) > MAX_RECEIPTS_BYTES) {
      throw new IOException(file + " is larger than " + MAX_RECEIPTS_BYTES + " bytes");
    }
    // Lenient decoding: an invalid byte becomes U+FFFD, which changes that receipt's content, so
    // the verifier reports the receipt it is in rather than the whole file failing to read.
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return List.of();
    }
    // A trailing newline ends the last line; anything else is part of some line.
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    return List.of(text.split("\n", -1));
  }

  void writeReceipts(List<Receipt> receipts) throws IOException {
    SecureFiles.write(receiptsFile(), receiptsBytes(receipts));
  }

  static byte[] receiptsBytes(List<Receipt> receipts) {
    StringBuilder sb = new StringBuilder();
    for (Receipt r : receipts) {
      sb.append(r.toJson()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The genesis receipt's payload, if the first stored receipt parses and its group signature
   * verifies. Every command still verifies the whole chain before acting.
   *
   * @return the payload, or empty if missing, unreadable or not validly signed (left to the chain
   *     verification, which names the bad receipt)
   */
  Optional<JsonNode> signedGenesisPayload() throws IOException {
    List<String> lines = readReceiptLines();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      GroupPublicKey key = readGroup().groupKey();
      Receipt genesis = Receipt.parse(lines.get(0));
      String sig = genesis.signatureHex();
      if (sig.length() != Receipt.SIGNATURE_LENGTH * 2
          || !key.verify(genesis.contentHash().toBytes(), HexFormat.of().parseHex(sig))) {
        return Optional.empty();
      }
      return Optional.of(genesis.payload());
    } catch (ReceiptFormatException | CliException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether the signed genesis marks a test user; empty if it cannot be read. */
  Optional<Boolean> testUser() throws IOException {
    Optional<JsonNode> genesis = signedGenesisPayload();
    if (genesis.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enrolment.fromGenesis(genesis.get()).testUser());
    } catch (LifecycleViolationException e) {
      return Optional.empty();
    }
  }

  /** Where the signed genesis says the cloud factor lives: {@code spike}, else {@code file}. */
  String cloudKind() throws IOException {
    return signedGenesisPayload()
        .map(p -> p.path("cloud_factor").asText("file"))
        .filter("spike"::equals)
        .orElse("file");
  }

  /** The persisted test clock; starts at the system time on first use. */
  Clock testClock() throws IOException {
    return Clock.fixed(Instant.ofEpochSecond(testClockSeconds()), ZoneOffset.UTC);
  }

  long testClockSeconds() throws IOException {
    if (!Files.exists(clockFile())) {
      return Instant.now().getEpochSecond();
    }
    return MAPPER.readTree(Files.readAllBytes(clockFile())).path("now_epoch_seconds").asLong();
  }

  void writeTestClock(long epochSeconds) throws IOException {
    ObjectNode node = MAPPER.createObjectNode().put("now_epoch_seconds", epochSeconds);
    SecureFiles.write(clockFile(), MAPPER.writeValueAsBytes(node));
  }
}
