// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// What the LedgerManager needs from a serving contract (ERC-165 interface id 0x160841b1, as
/// the compute SDK's contracts answer it): provider sub-accounts funded from users' ledgers,
/// refunds back to the ledger after a lock time.
interface IServing {
    function accountExists(address user, address provider) external view returns (bool);

    function getPendingRefund(address user, address provider) external view returns (uint256);

    function addAccount(address user, address provider, string calldata additionalInfo) external payable;

    function depositFund(address user, address provider, uint256 cancelRetrievingAmount) external payable;

    function requestRefundAll(address user, address provider) external;

    function processRefund(address user, address provider)
        external
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund);

    function deleteAccount(address user, address provider) external;
}

/// What the serving contracts need from the LedgerManager.
interface ILedger {
    function spendFund(address user, uint256 amount) external;
}
