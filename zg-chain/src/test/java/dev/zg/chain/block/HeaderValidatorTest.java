package dev.zg.chain.block;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Hash;
import org.junit.jupiter.api.Test;

/** The gas limit rule: within parent/1024, or exactly the governed limit when there is one. */
class HeaderValidatorTest {
  private final BlockHeader parent = DevnetGenesis.create().header(Hash.ZERO);

  private BlockHeader child(long gasLimit) {
    return parent.toBuilder().parentHash(parent.hash()).number(parent.number() + 1)
        .timestamp(parent.timestamp() + 1).gasUsed(0).gasLimit(gasLimit)
        .baseFeePerGas(Eip1559BaseFee.next(parent))
        .excessBlobGas(Eip4844ExcessBlobGas.next(parent)).blobGasUsed(0).build();
  }

  @Test
  void aGovernedLimitReplacesTheParentBound() {
    long parentLimit = parent.gasLimit();
    assertThatCode(() -> HeaderValidator.validateChild(parent, child(parentLimit)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeaderValidator.validateChild(parent, child(parentLimit * 2)))
        .hasMessageContaining("differs from the parent's");
    assertThatCode(() -> HeaderValidator.validateChild(parent, child(parentLimit * 2),
        parentLimit * 2)).doesNotThrowAnyException();
    assertThatThrownBy(() -> HeaderValidator.validateChild(parent, child(parentLimit),
        parentLimit * 2)).hasMessageContaining("is not the governed block gas limit");
  }
}
