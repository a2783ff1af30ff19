/**
 * EVM throughput on fixed Solidity workloads ({@code zg-bench/evm/}), measured in Mgas/s and
 * compared in the same run with Hardhat's EDR and {@code @ethereumjs/evm}
 * ({@code zg-bench/evm/run.sh}). {@link dev.zg.bench.evm.EvmWorkloads} loads the committed
 * artifacts and runs one call; {@link dev.zg.bench.evm.EvmThroughput} is the driver the script
 * runs; {@link dev.zg.bench.evm.EvmWorkloadBenchmark} is the same under JMH, for profilers.
 */
package dev.zg.bench.evm;
