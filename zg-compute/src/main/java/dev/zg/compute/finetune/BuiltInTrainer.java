package dev.zg.compute.finetune;

import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.compute.model.BuiltInModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Fine-tunes zg's built-in model ({@link BuiltInModel}) in process: the deliverable is a GGUF
 * that {@code LlamaChatBackend} loads. The base model is trained into {@code cacheDir} on
 * first use; its hash (keccak256 of the base GGUF) is the {@code preTrainedModelHash} users
 * name.
 */
public final class BuiltInTrainer implements Trainer {
  private final Path base;
  private final String hash;

  public BuiltInTrainer(Path cacheDir) throws IOException {
    this.base = BuiltInModel.base(cacheDir);
    this.hash = Hex.prefixed(Keccak256.hash(Files.readAllBytes(base)));
  }

  @Override
  public String modelName() {
    return BuiltInModel.NAME;
  }

  @Override
  public String modelHash() {
    return hash;
  }

  @Override
  public void train(byte[] dataset, String trainingParamsJson, Path out, IntConsumer progress)
      throws IOException {
    BuiltInModel.fineTune(base, dataset, trainingParamsJson, out, progress);
  }
}
