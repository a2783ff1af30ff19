/** BLAKE2b's compression function F with a round count, for the EIP-152 precompile. */
package dev.zg.crypto.blake2;
