package dev.zg.evm.statetest;

/**
 * One post-state case of a state test: a test, a fork and the indexes into the transaction's
 * data, gas and value arrays.
 */
public record StateTestCase(String file, String test, String fork, int dataIndex, int gasIndex,
    int valueIndex, int postIndex) {

  /** {@code test[fork][d,g,v]}, the name results are printed under. */
  public String id() {
    return test + " " + fork + " d" + dataIndex + "g" + gasIndex + "v" + valueIndex;
  }
}
