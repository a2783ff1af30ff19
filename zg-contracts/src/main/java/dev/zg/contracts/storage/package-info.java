/**
 * Typed access to 0G Storage's contracts for zg's Java code: the Flow's submit call data and
 * its {@code Submit} event ({@link dev.zg.contracts.storage.FlowAbi}). Sources of truth:
 * spec/storage.md section 2 and spec/sdk-compat.md A5.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.contracts.storage;
