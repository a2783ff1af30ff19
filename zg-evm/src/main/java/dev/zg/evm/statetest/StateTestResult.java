package dev.zg.evm.statetest;

/**
 * The outcome of one state-test case.
 *
 * @param expectedRoot the post-state root the test expects
 * @param actualRoot the root zg computed (null when it could not run)
 * @param error why it failed, or for passing cases the expected exception that occurred
 */
public record StateTestResult(StateTestCase testCase, boolean passed, String expectedRoot,
    String actualRoot, String expectedLogs, String actualLogs, String error, long gasUsed) {}
