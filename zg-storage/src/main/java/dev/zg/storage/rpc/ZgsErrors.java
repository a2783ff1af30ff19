package dev.zg.storage.rpc;

import dev.zg.rpc.RpcException;
import dev.zg.storage.merkle.ProofCheck;

/**
 * The errors 0G's storage node answers with, so that clients matching on them (the SDKs treat
 * {@code already uploaded and finalized} as success and {@code too many data writing} as
 * retryable) behave the same: invalid params are code -32602, message
 * {@code "Invalid params: <field>"}, the reason in {@code data}.
 */
public final class ZgsErrors {
  public static final String ALREADY_FINALIZED = "already uploaded and finalized";
  public static final String ROOT_NOT_FOUND = "data root not found";
  public static final String TOO_MANY_WRITES = "too many data writing";

  private ZgsErrors() {}

  public static RpcException invalidParams(String field, String reason) {
    return new RpcException(RpcException.INVALID_PARAMS, "Invalid params: " + field, reason);
  }

  public static RpcException internal(String reason) {
    return new RpcException(RpcException.INTERNAL_ERROR, "Internal error", reason);
  }

  /** The node's answer to a segment that fails {@code SegmentWithProof.validate}. */
  public static RpcException of(ProofCheck check) {
    return switch (check) {
      case VALID -> throw new IllegalArgumentException("not an error");
      case FILE_SIZE_INVALID -> invalidParams("file_size", "invalid file size");
      case INDEX_OUT_OF_RANGE -> invalidParams("index", "index out of bound");
      case DATA_LENGTH_MISMATCH -> invalidParams("data", "invalid data length");
      case WRONG_FORMAT -> invalidParams("proof", "invalid proof");
      case PADDING_MISMATCH -> invalidParams("proof", check.message());
      default -> invalidParams("proof", "validation failed");
    };
  }
}
