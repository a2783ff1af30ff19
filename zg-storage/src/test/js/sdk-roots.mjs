// Prints what the official 0G storage SDK computes for each file given: one JSON line per
// file with its root (tree.rootHash(), null when the SDK has none), its Flow submission nodes
// and the proof of every segment. SdkCompatibilityTest compares zg against these lines.
//
//   node sdk-roots.mjs FILE...
import { ZgFile } from '@0gfoundation/0g-ts-sdk';

async function describe(path) {
  const file = await ZgFile.fromFilePath(path);
  try {
    const [tree, treeError] = await file.merkleTree();
    if (treeError !== null) {
      return { file: path, error: String(treeError) };
    }
    const root = tree === null ? null : tree.rootHash();
    if (root === null) {
      return { file: path, size: file.size(), root: null, nodes: [], proofs: [] };
    }
    const [submission, submissionError] = await file.createSubmission('0x');
    if (submissionError !== null) {
      return { file: path, error: String(submissionError) };
    }
    const nodes = submission.data.nodes.map((n) => ({ height: n.height, root: n.root }));
    const proofs = tree.leaves.map((_, i) => {
      const proof = tree.proofAt(i);
      return { lemma: proof.lemma, path: proof.path };
    });
    return { file: path, size: file.size(), root, nodes, proofs };
  } finally {
    await file.close();
  }
}

for (const path of process.argv.slice(2)) {
  console.log(JSON.stringify(await describe(path)));
}
