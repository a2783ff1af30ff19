// Runs the benchmark's Hardhat node (hardhat.config.cjs) on 127.0.0.1 and an ephemeral port;
// Hardhat prints "Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:PORT/".
// It exits when its standard input closes (run.sh ended, even if killed) or after MAX_SECONDS.
//
//   node hardhat-node.mjs [MAX_SECONDS]
import { createRequire } from 'node:module';

const maxSeconds = Number(process.argv[2] ?? 1800);
setTimeout(() => {
  console.error(`hardhat-node: stopping after ${maxSeconds} s`);
  process.exit(0);
}, maxSeconds * 1000);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

process.env.HARDHAT_CONFIG ??= 'hardhat.config.cjs';
const hre = createRequire(import.meta.url)('hardhat');
await hre.run('node', { hostname: '127.0.0.1', port: 0 });
