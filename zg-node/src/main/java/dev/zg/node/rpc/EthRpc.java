package dev.zg.node.rpc;

import dev.zg.node.ChainNode;
import dev.zg.rpc.RpcServer;

/** Registers every Ethereum JSON-RPC method of a chain node. */
public final class EthRpc {
  private EthRpc() {}

  public static void register(RpcServer server, ChainNode node) {
    Blocks blocks = new Blocks(node.store());
    TransactionMethods transactions = new TransactionMethods(node);
    new ChainMethods(node, blocks).register(server);
    new StateMethods(node, blocks).register(server);
    transactions.register(server);
    new CallMethods(node, blocks, transactions).register(server);
    new FilterMethods(node, blocks).register(server);
  }
}
