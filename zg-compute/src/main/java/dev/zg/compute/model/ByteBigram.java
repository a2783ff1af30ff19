package dev.zg.compute.model;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level bigram language model — the probability of each next token given the current
 * one, estimated by counting — written as a one-block llama model that llama.cpp runs
 * unchanged. The block's attention and feed-forward weights are zero, so the residual stream
 * is the current token's one-hot embedding and {@code output.weight} maps it straight to the
 * next-token log-probabilities. The vocabulary is SentencePiece-style: {@code <unk>},
 * {@code <s>}, {@code </s>}, the 256 byte tokens and {@code ▁} (llama.cpp's tokenizer turns
 * every space into it).
 */
public final class ByteBigram {
  static final int UNK = 0;
  static final int BOS = 1;
  static final int EOS = 2;
  static final int FIRST_BYTE = 3;
  static final int SPACE = 259;
  static final int VOCAB = 260;
  /** Embedding width: at least the vocabulary (one-hot rows), divisible into even heads. */
  static final int EMBD = 264;
  static final int HEADS = 4;
  static final int FEED_FORWARD = 32;
  static final int CONTEXT = 2048;
  /** Add-alpha smoothing of the base model's counts. */
  static final double ALPHA = 0.01;
  /** Log-probability of tokens that never follow (unk, bos, a raw space byte). */
  static final float NEVER = -30f;

  private final double[][] counts = new double[VOCAB][VOCAB];

  /** Counts one document: bos, its bytes (spaces as ▁), eos. */
  public void addDocument(String text, double weight) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int previous = BOS;
    for (byte b : utf8) {
      int token = tokenOf(b);
      counts[previous][token] += weight;
      previous = token;
    }
    counts[previous][EOS] += weight;
  }

  static int tokenOf(byte b) {
    return b == ' ' ? SPACE : FIRST_BYTE + (b & 0xff);
  }

  static boolean canFollow(int token) {
    return token != UNK && token != BOS && token != FIRST_BYTE + ' ';
  }

  /** log P(next | current) with add-alpha smoothing over the tokens that can follow. */
  float[][] logProbabilities() {
    float[][] logP = new float[VOCAB][VOCAB];
    int allowed = 0;
    for (int j = 0; j < VOCAB; j++) {
      allowed += canFollow(j) ? 1 : 0;
    }
    for (int t = 0; t < VOCAB; t++) {
      double total = 0;
      for (int j = 0; j < VOCAB; j++) {
        total += canFollow(j) ? counts[t][j] : 0;
      }
      double denominator = total + ALPHA * allowed;
      for (int j = 0; j < VOCAB; j++) {
        logP[t][j] = canFollow(j)
            ? (float) Math.log((counts[t][j] + ALPHA) / denominator) : NEVER;
      }
    }
    return logP;
  }

  /**
   * Adds {@code weight} × the distribution of a model (as {@link #logProbabilities} of it)
   * to the counts of each row: a prior that the fine-tuning data then outweighs.
   */
  void addPrior(float[][] logP, double weight) {
    for (int t = 0; t < VOCAB; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < VOCAB; j++) {
        max = Math.max(max, logP[t][j]);
      }
      double sum = 0;
      for (int j = 0; j < VOCAB; j++) {
        sum += Math.exp(logP[t][j] - max);
      }
      for (int j = 0; j < VOCAB; j++) {
        if (canFollow(j)) {
          counts[t][j] += weight * Math.exp(logP[t][j] - max) / sum;
        }
      }
    }
  }

  /** The log-probabilities stored in a model this class wrote. */
  static float[][] logProbabilitiesOf(GgufTensors model) {
    float[] output = model.tensor("output.weight");
    if (output.length != EMBD * VOCAB) {
      throw new IllegalArgumentException("not a zg byte-bigram model (output.weight has "
          + output.length + " values)");
    }
    float scale = (float) Math.sqrt(EMBD);
    float[][] logP = new float[VOCAB][VOCAB];
    for (int t = 0; t < VOCAB; t++) {
      for (int j = 0; j < VOCAB; j++) {
        logP[t][j] = output[j * EMBD + t] * scale;
      }
    }
    return logP;
  }

  /** The llama-architecture GGUF of this model. */
  GgufWriter toGguf(String name) {
    float[][] logP = logProbabilities();
    // RMSNorm turns the one-hot e_t into sqrt(EMBD)·e_t; undo that scale in output.weight.
    float scale = (float) Math.sqrt(EMBD);
    float[] embeddings = new float[EMBD * VOCAB];
    float[] output = new float[EMBD * VOCAB];
    for (int t = 0; t < VOCAB; t++) {
      embeddings[t * EMBD + t] = 1f;
      for (int j = 0; j < VOCAB; j++) {
        output[j * EMBD + t] = logP[t][j] / scale;
      }
    }
    float[] ones = new float[EMBD];
    java.util.Arrays.fill(ones, 1f);
    String[] tokens = new String[VOCAB];
    float[] scores = new float[VOCAB];
    int[] types = new int[VOCAB];
    tokens[UNK] = "<unk>";
    types[UNK] = 2;
    tokens[BOS] = "<s>";
    types[BOS] = 3;
    tokens[EOS] = "</s>";
    types[EOS] = 3;
    for (int b = 0; b < 256; b++) {
      tokens[FIRST_BYTE + b] = String.format("<0x%02X>", b);
      types[FIRST_BYTE + b] = 6;
    }
    tokens[SPACE] = "\u2581";
    types[SPACE] = 1;
    return new GgufWriter()
        .put("general.architecture", "llama")
        .put("general.name", name)
        .put("general.file_type", 0)
        .put("llama.context_length", CONTEXT)
        .put("llama.embedding_length", EMBD)
        .put("llama.block_count", 1)
        .put("llama.feed_forward_length", FEED_FORWARD)
        .put("llama.attention.head_count", HEADS)
        .put("llama.attention.head_count_kv", HEADS)
        .put("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .put("llama.rope.dimension_count", EMBD / HEADS)
        .put("llama.vocab_size", VOCAB)
        .put("tokenizer.ggml.model", "llama")
        .put("tokenizer.ggml.tokens", tokens)
        .put("tokenizer.ggml.scores", scores)
        .put("tokenizer.ggml.token_type", types)
        .put("tokenizer.ggml.bos_token_id", BOS)
        .put("tokenizer.ggml.eos_token_id", EOS)
        .put("tokenizer.ggml.unknown_token_id", UNK)
        .put("tokenizer.ggml.add_bos_token", true)
        .put("tokenizer.ggml.add_eos_token", false)
        .put("tokenizer.ggml.add_space_prefix", false)
        .tensor("token_embd.weight", new long[] {EMBD, VOCAB}, embeddings)
        .tensor("output_norm.weight", new long[] {EMBD}, ones)
        .tensor("output.weight", new long[] {EMBD, VOCAB}, output)
        .tensor("blk.0.attn_norm.weight", new long[] {EMBD}, ones.clone())
        .tensor("blk.0.attn_q.weight", new long[] {EMBD, EMBD}, new float[EMBD * EMBD])
        .tensor("blk.0.attn_k.weight", new long[] {EMBD, EMBD}, new float[EMBD * EMBD])
        .tensor("blk.0.attn_v.weight", new long[] {EMBD, EMBD}, new float[EMBD * EMBD])
        .tensor("blk.0.attn_output.weight", new long[] {EMBD, EMBD}, new float[EMBD * EMBD])
        .tensor("blk.0.ffn_norm.weight", new long[] {EMBD}, ones.clone())
        .tensor("blk.0.ffn_gate.weight", new long[] {EMBD, FEED_FORWARD},
            new float[EMBD * FEED_FORWARD])
        .tensor("blk.0.ffn_down.weight", new long[] {FEED_FORWARD, EMBD},
            new float[EMBD * FEED_FORWARD])
        .tensor("blk.0.ffn_up.weight", new long[] {EMBD, FEED_FORWARD},
            new float[EMBD * FEED_FORWARD]);
  }
}
