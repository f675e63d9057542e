import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Link ids: 128 random bits, base64url (22 characters). Unguessable, so a link is only found through its URL. */
export const LINK_ID = /^[A-Za-z0-9_-]{22}$/;
/** Thread message ids: creation time (ms, 13 digits, so they sort by time) and 48 random bits. */
export const MESSAGE_ID = /^\d{13}-[0-9a-f]{12}$/;
/** Revoke tokens: 256 random bits, base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkId(): string {
  return randomBytes(16).toString('base64url');
}

export function newMessageId(nowMs: number): string {
  return `${String(Math.floor(nowMs)).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

export function newRevokeToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this hash is stored. The token has 256 bits of entropy, so a fast hash is enough: there is nothing to
 * brute-force that a slow hash would protect.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares a presented token with a stored hash in constant time. Hashing first makes both sides 32 bytes whatever
 * was presented, so neither the length nor the content of the secret leaks through timing.
 */
export function tokenMatches(presented: string, storedHash: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = Buffer.from(storedHash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b) && TOKEN.test(presented);
}
