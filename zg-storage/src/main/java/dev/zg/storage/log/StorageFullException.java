package dev.zg.storage.log;

/** A segment was refused because storing it would pass the node's disk limit. */
public final class StorageFullException extends RuntimeException {
  public StorageFullException(String message) {
    super(message);
  }
}
