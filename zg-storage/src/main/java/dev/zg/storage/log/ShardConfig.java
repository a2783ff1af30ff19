package dev.zg.storage.log;

/**
 * Which flow segments a node keeps: segment {@code g} (counted in 256 KiB units over the whole
 * flow) belongs to the node iff {@code g mod numShard == shardId}. {@code numShard} is a power of
 * two, as 0G's nodes, the SDK's node selection and PoRA's shard mask all require.
 */
public record ShardConfig(int shardId, int numShard) {
  /** 0G's nodes accept at most 2^20 shards; anything larger is a typo. */
  public static final int NUM_SHARD_MAX = 1 << 20;
  /** A node that keeps every segment. */
  public static final ShardConfig ALL = new ShardConfig(0, 1);

  public ShardConfig {
    if (numShard < 1 || numShard > NUM_SHARD_MAX || Integer.bitCount(numShard) != 1) {
      throw new IllegalArgumentException(
          "numShard must be a power of two from 1 to " + NUM_SHARD_MAX + ", got " + numShard);
    }
    if (shardId < 0 || shardId >= numShard) {
      throw new IllegalArgumentException(
          "shardId must be 0.." + (numShard - 1) + " for numShard " + numShard + ", got "
              + shardId);
    }
  }

  /** Parses 0G's {@code shard_position} form {@code "id/num"}. */
  public static ShardConfig parse(String position) {
    int slash = position.indexOf('/');
    if (slash < 1) {
      throw new IllegalArgumentException(
          "a shard position is \"id/num\", got \"" + position + "\"");
    }
    try {
      return new ShardConfig(Integer.parseInt(position.substring(0, slash).trim()),
          Integer.parseInt(position.substring(slash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a shard position is \"id/num\", got \"" + position + "\"");
    }
  }

  /** True iff this node keeps flow segment {@code globalSegment}. */
  public boolean covers(long globalSegment) {
    return (globalSegment & (numShard - 1)) == shardId;
  }

  @Override
  public String toString() {
    return shardId + "/" + numShard;
  }
}
