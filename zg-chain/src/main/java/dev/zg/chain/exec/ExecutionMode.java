package dev.zg.chain.exec;

/** What the executor does with a transaction that cannot be included. */
public enum ExecutionMode {
  /** Producing a block: leave the transaction out and report why. */
  BUILD,
  /** Importing someone else's block: the whole block is invalid. */
  IMPORT
}
