/**
 * The precompiled contracts (Cancun: 0x01..0x0a), one class each with its EIP's exact gas, and
 * the {@link dev.zg.evm.precompile.Precompiles} registry. Each is a pure function of its input:
 * {@code run} returns null for invalid input (a failure that consumes all gas) and never
 * throws. The cryptography lives in zg-crypto. Nothing here is null unless documented.
 */
package dev.zg.evm.precompile;
