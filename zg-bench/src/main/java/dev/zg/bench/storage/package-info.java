/**
 * 0G Storage transfer speed ({@code zg-bench/storage/run.sh}): {@link
 * dev.zg.bench.storage.StorageTransfer} times zg's {@code StorageClient} upload and download of
 * one file in one warm JVM against a running storage node.
 */
package dev.zg.bench.storage;
