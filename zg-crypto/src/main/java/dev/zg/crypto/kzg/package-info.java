/**
 * KZG commitments over BLS12-381 through c-kzg: EIP-4844 point evaluation and versioned
 * hashes, and the one loader of c-kzg's process-wide trusted setup. Nothing here is null.
 */
package dev.zg.crypto.kzg;
