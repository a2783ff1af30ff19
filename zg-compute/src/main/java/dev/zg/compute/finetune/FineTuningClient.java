package dev.zg.compute.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The user side of fine-tuning, as the SDK does it: the provider's URL from FineTuningServing,
 * the signed task, list/get/log/cancel, the signed model download, and opening the model with
 * the key sealed on chain. Used by {@code zg compute finetune}.
 */
public final class FineTuningClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FineTuningChain chain;
  private final Secp256k1.KeyPair user;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  public FineTuningClient(FineTuningChain chain, Secp256k1.KeyPair user) {
    this.chain = chain;
    this.user = user;
  }

  public String providerUrl(Address provider) {
    String url = chain.service(provider).map(FineTuningChain.Service::url).orElseThrow(() ->
        new IllegalArgumentException("no fine-tuning service of " + provider.toChecksumHex()
            + " on chain"));
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String userBase(Address provider) {
    return providerUrl(provider) + "/v1/user/" + user.address().toChecksumHex();
  }

  /** The provider's model list ({@code GET /v1/model}). */
  public JsonNode models(Address provider) throws IOException {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(providerUrl(provider)
        + "/v1/model")).GET(), 30));
  }

  /** Creates a task on {@code datasetRoot} with the SDK's nonce and signature; returns its id. */
  public String createTask(Address provider, String modelHash, String datasetRoot,
      String trainingParams) throws IOException {
    BigInteger nonce = BigInteger.valueOf(System.currentTimeMillis()).multiply(
        BigInteger.valueOf(10_000)).add(BigInteger.valueOf(40));
    ObjectNode task = JSON.createObjectNode();
    task.put("userAddress", user.address().toChecksumHex());
    task.put("datasetHash", datasetRoot);
    task.put("trainingParams", trainingParams);
    task.put("preTrainedModelHash", modelHash);
    task.put("fee", "0");
    task.put("nonce", nonce.toString());
    task.put("signature", FineTuningSignatures.sign(FineTuningSignatures.taskDigest(
        user.address(), nonce, datasetRoot), user.privateKey()));
    task.put("wait", false);
    byte[] reply = send(json(userBase(provider) + "/task", task), 60);
    return JSON.readTree(reply).get("id").asText();
  }

  /** The user's tasks, newest first. */
  public List<JsonNode> tasks(Address provider) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(send(HttpRequest.newBuilder(URI.create(userBase(provider) + "/task")).GET(),
        30)).forEach(out::add);
    return out;
  }

  public JsonNode task(Address provider, String id) throws IOException {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(userBase(provider) + "/task/"
        + id)).GET(), 30));
  }

  public String log(Address provider, String id) throws IOException {
    return new String(send(HttpRequest.newBuilder(URI.create(userBase(provider) + "/task/"
        + id + "/log")).GET(), 30), java.nio.charset.StandardCharsets.UTF_8);
  }

  public String cancel(Address provider, String id) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("signature", FineTuningSignatures.sign(
        FineTuningSignatures.cancelDigest(id), user.privateKey()));
    return new String(send(json(userBase(provider) + "/task/" + id + "/cancel", body), 30),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Downloads the encrypted model through the provider's signed route into {@code out}. */
  public void downloadEncrypted(Address provider, String id, Path out) throws IOException {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode body = JSON.createObjectNode().put("signature", FineTuningSignatures.sign(
        FineTuningSignatures.loraDigest(id, now), user.privateKey())).put("timestamp", now);
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try {
      HttpResponse<Path> reply = http.send(json(userBase(provider) + "/task/" + id + "/lora",
          body).timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofFile(
              partial));
      if (reply.statusCode() / 100 != 2) {
        String error = Files.readString(partial);
        throw new IOException("the provider answered " + reply.statusCode() + ": "
            + errorText(error.getBytes()));
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Opens an encrypted model with the key the provider sealed on chain at settlement, checking
   * the tag signature against the service's signer.
   */
  public void decrypt(Address provider, String id, Path encrypted, Path out) throws IOException {
    FineTuningChain.Deliverable d = chain.deliverable(user.address(), provider, id).orElseThrow(
        () -> new IOException("no deliverable " + id + " on chain"));
    if (d.encryptedSecret().length == 0) {
      throw new IOException("the provider has not settled task " + id + " yet (no sealed key "
          + "on chain); acknowledge the deliverable and wait for the settlement");
    }
    byte[] key = Ecies.decrypt(user.privateKey(), d.encryptedSecret());
    Address signer = chain.service(provider).orElseThrow().teeSignerAddress();
    new DeliverableCipher().decrypt(encrypted, out, key, signer);
  }

  private static HttpRequest.Builder json(String url, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private byte[] send(HttpRequest.Builder request, int timeoutSeconds) throws IOException {
    try {
      HttpResponse<byte[]> reply = http.send(request.timeout(Duration.ofSeconds(timeoutSeconds))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      if (reply.statusCode() / 100 != 2) {
        throw new IOException("the provider answered " + reply.statusCode() + ": "
            + errorText(reply.body()));
      }
      return reply.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String errorText(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body).get("error");
      if (error != null) {
        return error.asText();
      }
    } catch (IOException ignored) {
      // not JSON: the text itself
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
