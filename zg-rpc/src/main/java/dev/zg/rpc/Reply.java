package dev.zg.rpc;

/** Sends the answer to one message: JSON bytes, or null when nothing is to be answered. */
@FunctionalInterface
interface Reply {
  void send(byte[] body);
}
