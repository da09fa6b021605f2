/**
 * The simulator's side of GitHub's sealed secrets: a real libsodium key pair per repo and per
 * environment, so a value sealed by a client with `crypto_box_seal` can be opened and checked.
 */
import { randomInt } from "node:crypto";
import sodium from "libsodium-wrappers";

export interface SealedKeyPair {
  /** GitHub's key ids are long decimal strings. */
  keyId: string;
  publicKeyBase64: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export async function sealedSecretsReady(): Promise<void> {
  await sodium.ready;
}

/** Requires `sealedSecretsReady()` to have resolved. */
export function newKeyPair(): SealedKeyPair {
  const pair = sodium.crypto_box_keypair();
  return {
    keyId: `${randomInt(1, 2 ** 47)}${randomInt(100000, 999999)}`,
    publicKeyBase64: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** The plain value of a sealed secret, or `undefined` when it was not sealed for this key pair. */
export function openSealed(pair: SealedKeyPair, encryptedBase64: string): string | undefined {
  try {
    const sealed = sodium.from_base64(encryptedBase64, sodium.base64_variants.ORIGINAL);
    return sodium.to_string(sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey));
  } catch {
    return undefined;
  }
}
