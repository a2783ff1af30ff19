package dev.zg.chain.block;

import dev.zg.common.Bytes;

/** Reads the 20 fields of a Cancun header in order, naming the field on any failure. */
final class HeaderDecoder {
  private static final String[] NAMES = {"parentHash", "ommersHash", "coinbase", "stateRoot",
      "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty", "number", "gasLimit",
      "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas",
      "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot"};

  private HeaderDecoder() {}

  static BlockHeader decode(FieldReader in) {
    BlockHeader.Builder b = BlockHeader.builder();
    b.parentHash(in.hash(next(in, 0)));
    b.ommersHash(in.hash(next(in, 1)));
    b.coinbase(in.address(next(in, 2)));
    b.stateRoot(in.hash(next(in, 3)));
    b.transactionsRoot(in.hash(next(in, 4)));
    b.receiptsRoot(in.hash(next(in, 5)));
    b.logsBloom(LogsBloom.wrap(in.bytes(next(in, 6), LogsBloom.BYTES)));
    b.difficulty(in.uint256(next(in, 7)));
    b.number(in.longValue(next(in, 8)));
    b.gasLimit(in.longValue(next(in, 9)));
    b.gasUsed(in.longValue(next(in, 10)));
    b.timestamp(in.longValue(next(in, 11)));
    b.extraData(in.bytesUpTo(next(in, 12), BlockHeader.EXTRA_DATA_BYTES_MAX));
    b.mixHash(in.hash(next(in, 13)));
    b.nonce(Bytes.getLong(in.bytes(next(in, 14), 8), 0, 8));
    b.baseFeePerGas(in.uint256(next(in, 15)));
    b.withdrawalsRoot(in.hash(next(in, 16)));
    b.blobGasUsed(in.longValue(next(in, 17)));
    b.excessBlobGas(in.longValue(next(in, 18)));
    b.parentBeaconBlockRoot(in.hash(next(in, 19)));
    in.expectEnd(NAMES.length);
    return b.build();
  }

  private static String next(FieldReader in, int index) {
    in.requireNext(NAMES[index], index, NAMES.length);
    return NAMES[index];
  }
}
