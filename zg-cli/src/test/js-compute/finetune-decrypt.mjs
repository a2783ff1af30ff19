// Decrypts a fine-tuning deliverable made by zg with the SDK's own functions (unchanged):
// eciesDecrypt (the sealed key, with the user's wallet) and aesGCMDecryptToFile (the chunked
// model file, checking the tag signature against the provider's signer).
// Usage: node finetune-decrypt.mjs USER_KEY SEALED_KEY_HEX ENCRYPTED_FILE OUT_FILE SIGNER
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const { Wallet } = require('ethers');
const encrypt = require('./node_modules/@0gfoundation/0g-compute-ts-sdk/lib.commonjs/common/utils/encrypt.js');

const [userKey, sealed, encrypted, out, signer] = process.argv.slice(2);
const key = await encrypt.eciesDecrypt(new Wallet(userKey), sealed);
await encrypt.aesGCMDecryptToFile(key, encrypted, out, signer);
console.log(JSON.stringify({ key }));
