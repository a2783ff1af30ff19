package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Secp256k1;
import dev.zg.node.validator.ValidatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator section of a node config: what it accepts, and one-line errors otherwise. */
class ValidatorSectionTest {
  private static final Secp256k1.KeyPair KEY = Secp256k1.KeyPair.fromPrivateKey(
      BigInteger.valueOf(4242));
  private static final String PEER = "0x" + "ab".repeat(20);

  @TempDir
  Path dir;

  @Test
  void readsKeyPeersSetAndTimeouts() throws Exception {
    Files.writeString(dir.resolve("validator.key"), "0x" + "00".repeat(30) + "10" + "92\n");
    Files.writeString(dir.resolve("validators.json"), "{\"validators\": [{\"address\": \""
        + KEY.address().toHex() + "\", \"power\": 10}, {\"address\": \"" + PEER
        + "\", \"power\": 20}]}");
    Path config = write("{\"validator\": {\"keyFile\": \"validator.key\", \"listen\":"
        + " \"127.0.0.1:26700\", \"peers\": [\"" + PEER + "@127.0.0.1:26702\"], \"validators\":"
        + " \"validators.json\", \"blockInterval\": 0.25, \"timeouts\": {\"propose\": 2}}}");
    ValidatorConfig v = ValidatorSection.fromConfigFile(config);
    assertThat(v.address()).isEqualTo(KEY.address());
    assertThat(v.listenPort()).isEqualTo(26700);
    assertThat(v.peers()).singleElement().satisfies(p -> {
      assertThat(p.address().toHex()).isEqualTo(PEER);
      assertThat(p.port()).isEqualTo(26702);
    });
    assertThat(v.genesisSet().totalVotingPower()).isEqualTo(30);
    assertThat(v.blockIntervalMillis()).isEqualTo(250);
    assertThat(v.timeouts().proposeBaseMillis()).isEqualTo(2_000);
  }

  @Test
  void noSectionMeansNoValidator() throws Exception {
    assertThat(ValidatorSection.fromConfigFile(write("{\"port\": 0}"))).isNull();
  }

  @Test
  void badSectionsAreOneLineErrors() throws Exception {
    Files.writeString(dir.resolve("validator.key"), "0x" + "00".repeat(30) + "1092");
    assertError("{\"validator\": {\"keyFile\": \"missing.key\", \"validators\": []}}",
        "no such key file");
    assertError("{\"validator\": {\"keyFile\": \"validator.key\", \"colour\": 1}}",
        "unknown field 'colour'");
    assertError("{\"validator\": {\"keyFile\": \"validator.key\", \"peers\": [\"127.0.0.1:1\"],"
        + " \"validators\": [{\"address\": \"" + PEER + "\", \"power\": 1}]}}",
        "a peer is ADDRESS@HOST:PORT");
    assertError("{\"validator\": {\"keyFile\": \"validator.key\", \"validators\": []}}",
        "validators must name a file or list the validators");
    assertError("{\"validator\": {\"keyFile\": \"validator.key\", \"validators\":"
        + " [{\"address\": \"" + PEER + "\", \"power\": 0}]}}", "validator");
  }

  private void assertError(String json, String expected) throws Exception {
    Path config = write(json);
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"node", "--config", config.toString()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString().lines().count()).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).startsWith("zg: config ").contains(expected);
  }

  private Path write(String json) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, json);
    return config;
  }
}
