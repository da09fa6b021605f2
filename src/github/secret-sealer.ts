/**
 * Seals secret values the way GitHub requires: libsodium `crypto_box_seal` with the repository's (or
 * environment's) public key, base64 in and out. Only the sealed form leaves the process.
 */
import sodium from "libsodium-wrappers";

export async function sealSecret(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const publicKey = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), publicKey);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
