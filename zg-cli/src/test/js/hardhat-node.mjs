// Runs the Hardhat node of the project in the current folder (its hardhat.config.cjs and its
// node_modules) on 127.0.0.1 and an ephemeral port, printed as Hardhat prints it: "Started HTTP
// and WebSocket JSON-RPC server at http://127.0.0.1:PORT/". Its lifetime is bounded: it exits
// when its standard input closes (whoever started it ended, even if killed) or after
// MAX_SECONDS. Two projects use it: the differential test here (HardhatNode.java) and
// zg-bench/rpc/run.sh, each from its own folder.
//
//   node hardhat-node.mjs [MAX_SECONDS]
import { createRequire } from 'node:module';
import { join } from 'node:path';

const maxSeconds = Number(process.argv[2] ?? 600);
setTimeout(() => {
  console.error(`hardhat-node: stopping after ${maxSeconds} s`);
  process.exit(0);
}, maxSeconds * 1000);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

process.env.HARDHAT_CONFIG ??= 'hardhat.config.cjs';
// Hardhat as the current folder's project installed it, not as this file's folder did.
const hre = createRequire(join(process.cwd(), 'package.json'))('hardhat');
await hre.run('node', { hostname: '127.0.0.1', port: 0 });
