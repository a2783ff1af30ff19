package dev.zg.consensus.sim;

import dev.zg.consensus.CommitCertificate;
import dev.zg.consensus.Value;

/** A block of a simulated node's chain: the committed value and its certificate. */
record Committed(Value value, CommitCertificate certificate) {}
