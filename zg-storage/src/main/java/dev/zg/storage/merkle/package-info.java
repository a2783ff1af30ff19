/**
 * 0G Storage's Merkle layer, bit for bit: the file tree (256-byte chunks, 1024-chunk
 * segments, the padding rule, promoted unpaired nodes), its root, the submission nodes Flow
 * takes and their right fold, lemma/path proofs with the node's rear-padding rule, and the
 * global flow tree with zero-subtree padding. {@link dev.zg.storage.merkle.FileHasher}
 * streams files and hashes segments on several cores.
 *
 * <p>Sources of truth: spec/storage.md sections 0 and 1 and spec/sdk-compat.md A6; the
 * official TS SDK is the reference the compatibility test runs against.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.storage.merkle;
