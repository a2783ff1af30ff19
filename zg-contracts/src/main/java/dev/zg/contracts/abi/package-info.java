/**
 * The Solidity contract ABI: types in their canonical spelling, the head/tail encoding and a
 * decoder that checks every offset and length against its input, function selectors and call
 * data, event topics and log decoding. Small on purpose: what zg's own Java needs to talk to
 * its contracts, without a code generator.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.contracts.abi;
