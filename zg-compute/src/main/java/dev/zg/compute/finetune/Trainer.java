package dev.zg.compute.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Turns a base model and a dataset into a fine-tuned model file. zg's built-in trainer
 * fine-tunes the built-in model; {@link CommandTrainer} runs any external program instead.
 */
public interface Trainer {
  /** The model names this trainer serves ({@code GET /v1/model}). */
  String modelName();

  /** The hash users pass as {@code preTrainedModelHash} (0x + 64 hex). */
  String modelHash();

  /**
   * Trains on {@code dataset} with the user's {@code trainingParamsJson} and writes the result
   * to {@code out}; {@code progress} receives 0..100. Throws on failure (the task fails with
   * the message in its log).
   */
  void train(byte[] dataset, String trainingParamsJson, Path out, IntConsumer progress)
      throws IOException, InterruptedException;
}
