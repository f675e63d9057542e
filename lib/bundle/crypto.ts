/**
 * The encrypted envelope (docs/bundle-format.md): AES-GCM 256 under a fresh random key, with a small authenticated
 * header that lets a reader tell a wrong key from tampered or truncated bytes before anything is parsed.
 *
 *   offset  size  field
 *   0       4     magic: "STB" + envelope version 0x01 for a bundle, "STM" + 0x01 for a thread message
 *   4       8     key check: the first 8 bytes of SHA-256("shadowtrace key check v1" 0x00 raw-key)
 *   12      4     length of what follows the IV (ciphertext + 16-byte tag), unsigned big-endian
 *   16      12    IV (random per envelope)
 *   28      n     AES-GCM ciphertext and tag; additional data = bytes 0..28
 *
 * The key check reveals nothing useful about a 256-bit random key and costs nothing; it is what makes "wrong key"
 * a different answer from "tampered". The header is authenticated, so editing it is tampering too.
 */
import { BundleError } from './errors';
import { fromBase64Url, toBase64Url } from './base64';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const HEADER_BYTES = 28;
export const ENVELOPE_VERSION = 1;

export type EnvelopeKind = 'bundle' | 'message';

const MAGIC: Record<EnvelopeKind, [number, number, number]> = {
  bundle: [0x53, 0x54, 0x42], // "STB"
  message: [0x53, 0x54, 0x4d], // "STM"
};

const KEY_CHECK_LABEL = new TextEncoder().encode('shadowtrace key check v1\u0000');

/** A fresh random key, as the base64url text the link fragment carries (43 characters). */
export function generateKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
}

/** The raw key from its link form; BundleError 'bad_key' when it is not exactly 32 bytes of base64url. */
export function keyBytes(key: string): Uint8Array<ArrayBuffer> {
  const raw = typeof key === 'string' ? fromBase64Url(key.trim()) : null;
  if (!raw || raw.byteLength !== KEY_BYTES) throw new BundleError('bad_key');
  return raw;
}

async function keyCheck(raw: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const input = new Uint8Array(KEY_CHECK_LABEL.length + raw.length);
  input.set(KEY_CHECK_LABEL);
  input.set(raw, KEY_CHECK_LABEL.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input)).slice(0, 8);
}

async function aesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function seal(kind: EnvelopeKind, key: string, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const raw = keyBytes(key);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC[kind]);
  header[3] = ENVELOPE_VERSION;
  header.set(await keyCheck(raw), 4);
  new DataView(header.buffer).setUint32(12, plaintext.byteLength + TAG_BYTES);
  header.set(iv, 16);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: header, tagLength: TAG_BYTES * 8 },
      await aesKey(raw),
      plaintext as Uint8Array<ArrayBuffer>,
    ),
  );
  const out = new Uint8Array(HEADER_BYTES + ciphertext.byteLength);
  out.set(header);
  out.set(ciphertext, HEADER_BYTES);
  return out;
}

/** The plaintext, or a BundleError naming exactly what is wrong: nothing partial is ever returned. */
export async function open(kind: EnvelopeKind, key: string, bytes: Uint8Array): Promise<Uint8Array> {
  const raw = keyBytes(key);
  const magic = MAGIC[kind];
  if (bytes.byteLength < 4) throw new BundleError(bytes.byteLength === 0 ? 'truncated' : 'not_a_bundle');
  if (bytes[0] !== magic[0] || bytes[1] !== magic[1] || bytes[2] !== magic[2]) throw new BundleError('not_a_bundle');
  if (bytes[3] !== ENVELOPE_VERSION) throw new BundleError('unsupported_version', { version: bytes[3] });
  if (bytes.byteLength < HEADER_BYTES + TAG_BYTES) throw new BundleError('truncated');
  const header = bytes.slice(0, HEADER_BYTES);
  const declared = new DataView(header.buffer).getUint32(12);
  const body = bytes.byteLength - HEADER_BYTES;
  const check = await keyCheck(raw);
  const keyMatches = check.every((b, i) => b === header[4 + i]);
  if (body < declared) throw new BundleError(keyMatches ? 'truncated' : 'wrong_key');
  if (!keyMatches) throw new BundleError('wrong_key');
  if (body > declared) throw new BundleError('tampered');
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: header.slice(16, 28), additionalData: header, tagLength: TAG_BYTES * 8 },
        await aesKey(raw),
        bytes.slice(HEADER_BYTES),
      ),
    );
  } catch {
    throw new BundleError('tampered');
  }
}
