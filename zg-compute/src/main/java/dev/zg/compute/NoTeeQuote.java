package dev.zg.compute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The attestation report a zg provider answers the SDK's quote request with, the truth stated
 * in it: there is no TEE, so {@code report_data} names an ordinary key (the signer, ASCII,
 * zero-padded to 64 bytes), {@code quote} is null and nothing is attested by hardware.
 */
public final class NoTeeQuote {
  private NoTeeQuote() {}

  /**
   * @param runner the name put in {@code tcb_info.app_compose}, whose SHA-256 is the one
   *     {@code compose-hash} event of {@code tcb_info.event_log}
   * @param note the human-readable statement that nothing is hardware-attested
   */
  public static ObjectNode report(Address signer, String runner, String note) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    byte[] reportData = new byte[64];
    byte[] ascii = signer.toChecksumHex().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, reportData, 0, ascii.length);
    body.put("report_data", Base64.getEncoder().encodeToString(reportData));
    body.put("provider_signer", signer.toChecksumHex());
    body.putNull("quote");
    body.put("hardware_backed", false);
    body.put("tee", "none");
    body.put("note", note);
    String compose = "{\"runner\":\"" + runner + "\",\"tee\":\"none\",\"signer\":\""
        + signer.toChecksumHex() + "\"}";
    ObjectNode tcb = body.putObject("tcb_info");
    tcb.put("app_compose", compose);
    ObjectNode event = tcb.putArray("event_log").addObject();
    event.put("event", "compose-hash");
    event.put("event_payload", HexFormat.of().formatHex(
        sha256(compose.getBytes(StandardCharsets.UTF_8))));
    return body;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
