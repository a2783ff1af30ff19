package dev.zg.compute.finetune;

import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link ModelStorage} on 0G Storage through zg's client: nodes from an indexer (or a fixed
 * list), uploads paid by the provider's key through the Flow contract.
 */
public final class ZgModelStorage implements ModelStorage {
  private final String chainRpc;
  private final dev.zg.common.Address flow;
  private final Secp256k1.KeyPair payer;
  private final String indexerUrl;
  private final List<String> nodeUrls;
  private final StorageClient client = new StorageClient();

  /** Nodes come from {@code indexerUrl} unless {@code nodeUrls} is non-empty. */
  public ZgModelStorage(String chainRpc, dev.zg.common.Address flow, Secp256k1.KeyPair payer,
      String indexerUrl, List<String> nodeUrls) {
    this.chainRpc = chainRpc;
    this.flow = flow;
    this.payer = payer;
    this.indexerUrl = indexerUrl;
    this.nodeUrls = List.copyOf(nodeUrls);
  }

  private List<StorageNodes.Node> nodes() throws IOException {
    return nodeUrls.isEmpty() ? StorageNodes.fromIndexer(indexerUrl) : StorageNodes.of(nodeUrls);
  }

  @Override
  public long size(String root) throws IOException {
    return client.info(Hash.fromHex(root), nodes()).map(StorageClient.FileInfo::sizeBytes)
        .orElse(-1L);
  }

  @Override
  public void download(String root, Path out, long maxBytes) throws IOException {
    Hash hash = Hash.fromHex(root);
    List<StorageNodes.Node> nodes = nodes();
    StorageClient.FileInfo info = client.info(hash, nodes).orElseThrow(() ->
        new IOException("no storage node knows the dataset root " + root));
    if (info.sizeBytes() > maxBytes) {
      throw new IOException("the dataset " + root + " is " + info.sizeBytes()
          + " bytes; this provider takes at most " + maxBytes);
    }
    client.download(hash, out, nodes, bytes -> {});
    if (Files.size(out) > maxBytes) {
      Files.deleteIfExists(out);
      throw new IOException("the dataset " + root + " is larger than " + maxBytes + " bytes");
    }
  }

  @Override
  public String upload(Path file) throws IOException {
    FlowSubmitter submitter = new FlowSubmitter(chainRpc, flow, payer);
    return client.upload(file, submitter, nodes(), 1, bytes -> {}).root().toString();
  }
}
