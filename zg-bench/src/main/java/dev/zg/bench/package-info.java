/**
 * JMH micro-benchmarks (each class names what it measures and how to run it) and end-to-end
 * drivers. Every benchmark measures zg side by side with a peer in the same run.
 */
package dev.zg.bench;
