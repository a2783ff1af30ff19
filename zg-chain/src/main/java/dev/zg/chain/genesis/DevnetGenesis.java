package dev.zg.chain.genesis;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.common.hd.Bip39;
import dev.zg.common.hd.DerivationPath;
import dev.zg.common.hd.ExtendedPrivateKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * zg's built-in local chain, like Hardhat's and Anvil's: chain id 31337 unless told otherwise,
 * the 20 accounts of the well-known mnemonic at m/44'/60'/0'/0/i, each with 10,000 0G, a 30M
 * gas limit and a 1 gwei initial base fee. The keys are public knowledge: never use them for
 * anything of value.
 */
public final class DevnetGenesis {
  public static final String MNEMONIC =
      "test test test test test test test test test test test junk";
  public static final long DEFAULT_CHAIN_ID = 31337;
  public static final int ACCOUNT_COUNT = 20;
  /** 10,000 0G in neurons (18 decimals). */
  public static final UInt256 ACCOUNT_BALANCE =
      UInt256.fromBigInteger(BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(10_000)));
  public static final long GAS_LIMIT = 30_000_000;
  public static final BigInteger BASE_FEE_PER_GAS = BigInteger.valueOf(1_000_000_000);

  private static volatile List<Secp256k1.KeyPair> keys;

  private DevnetGenesis() {}

  public static Genesis create() {
    return create(DEFAULT_CHAIN_ID);
  }

  /** The devnet genesis with another chain id; timestamp 0 so the genesis hash is stable. */
  public static Genesis create(long chainId) {
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    for (Secp256k1.KeyPair key : accounts()) {
      alloc.put(key.address(), GenesisAccount.funded(ACCOUNT_BALANCE));
    }
    return new Genesis(chainId, 0, GAS_LIMIT, BASE_FEE_PER_GAS, Bytes.EMPTY, Address.ZERO,
        Hash.ZERO, BigInteger.ZERO, alloc);
  }

  /** The 20 funded accounts with their keys, in derivation order (computed once). */
  public static List<Secp256k1.KeyPair> accounts() {
    List<Secp256k1.KeyPair> known = keys;
    if (known == null) {
      ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(Bip39.seed(MNEMONIC, ""));
      List<Secp256k1.KeyPair> derived = new ArrayList<>(ACCOUNT_COUNT);
      for (int i = 0; i < ACCOUNT_COUNT; i++) {
        derived.add(master.derive(DerivationPath.ethereum(i)).keyPair());
      }
      known = List.copyOf(derived);
      keys = known;
    }
    return known;
  }
}
