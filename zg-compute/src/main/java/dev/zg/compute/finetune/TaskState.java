package dev.zg.compute.finetune;

/**
 * A fine-tuning task's progress, with 0G's state names (compute-inft-chain.md A3.6), shown by
 * the SDK as the task's {@code progress}: Init → SettingUp → SetUp → Training → Trained →
 * Delivering → Delivered → UserAcknowledged → Finished, or Failed.
 */
public enum TaskState {
  Init,
  SettingUp,
  SetUp,
  Training,
  Trained,
  Delivering,
  Delivered,
  UserAcknowledged,
  Finished,
  Failed;

  /** Finished or Failed: nothing more happens to the task. */
  public boolean isFinal() {
    return this == Finished || this == Failed;
  }

  /** The states the training worker owns (a restart resumes them from Init). */
  public boolean isBeforeDelivery() {
    return ordinal() < Delivered.ordinal();
  }
}
