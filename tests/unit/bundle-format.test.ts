import { describe, expect, it } from 'vitest';
import { clipEvents } from '@/lib/clip';
import {
  BUNDLE_VERSION,
  BundleError,
  bundleFile,
  bundleFileName,
  bundleFromClip,
  decodeBundle,
  encodeBundle,
  generateKey,
  parseBundleFile,
  readBundleFile,
  type Bundle,
} from '@/lib/bundle';
import { open, seal } from '@/lib/bundle/crypto';
import { compressText, decompressText } from '@/lib/chunk-codec';
import { END, FORBIDDEN, MOMENTS, NOTES, privacyTrace, REDACTIONS, START } from './clip-trace';

function published(): Bundle {
  const clip = clipEvents(privacyTrace(), { start: START, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });
  return bundleFromClip(clip, { title: 'Choosing a name', created: new Date('2030-01-01T00:00:00Z') });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BundleError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('bundle v1', () => {
  it('round-trips: encrypt, upload-ready bytes, decrypt, same bundle, nothing sanitised away', async () => {
    const bundle = published();
    const { bytes, key } = await encodeBundle(bundle);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { bundle: back, sanitized } = await decodeBundle(bytes, key);
    expect(back).toEqual(bundle);
    expect(sanitized).toEqual({ droppedEvents: 0, droppedNodes: 0, droppedAttributes: 0 });
    expect(back).toMatchObject({ version: BUNDLE_VERSION, title: 'Choosing a name', url: null, duration: END - START });
  });

  it('privacy: no planted secret anywhere in the decrypted, decompressed bundle', async () => {
    const { bytes, key } = await encodeBundle(published());
    const gz = await open('bundle', key, bytes);
    const json = await decompressText(gz);
    expect(json).toContain('VISIBLE_AT_START');
    expect(json).toContain('Watch how the name is chosen');
    for (const secret of FORBIDDEN) expect(json, secret).not.toContain(secret);
  });

  it('the ciphertext shows nothing of the plaintext and differs each time (fresh key and IV)', async () => {
    const bundle = published();
    const a = await encodeBundle(bundle);
    const b = await encodeBundle(bundle);
    expect(a.key).not.toBe(b.key);
    expect(Buffer.from(a.bytes).toString('latin1')).not.toContain('shadowtrace-clip');
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false);
  });

  it.each<[string, (bytes: Uint8Array, key: string) => [Uint8Array, string], string]>([
    ['wrong key', (b) => [b, generateKey()], 'wrong_key'],
    ['a flipped ciphertext byte', (b, k) => [flip(b, b.length - 40), k], 'tampered'],
    ['a flipped tag byte', (b, k) => [flip(b, b.length - 1), k], 'tampered'],
    ['a flipped IV byte', (b, k) => [flip(b, 20), k], 'tampered'],
    ['a header claiming a shorter body', (b, k) => [withLength(b, -1), k], 'tampered'],
    ['a header claiming a longer body', (b, k) => [withLength(b, +1), k], 'truncated'],
    ['bytes appended', (b, k) => [concat(b, new Uint8Array([1, 2, 3])), k], 'tampered'],
    ['cut short', (b, k) => [b.slice(0, b.length - 100), k], 'truncated'],
    ['cut inside the header', (b, k) => [b.slice(0, 20), k], 'truncated'],
    ['empty', (_b, k) => [new Uint8Array(0), k], 'truncated'],
    ['not ours at all', (_b, k) => [new TextEncoder().encode('<html>hello</html>'), k], 'not_a_bundle'],
    ['a newer envelope', (b, k) => [withByte(b, 3, 2), k], 'unsupported_version'],
    ['a damaged key', (b, k) => [b, k.slice(0, 30)], 'bad_key'],
    ['a key of the wrong length', (b) => [b, 'AAAA'], 'bad_key'],
  ])('%s gives its own error', async (_label, damage, code) => {
    const { bytes, key } = await encodeBundle(published());
    const [b, k] = damage(bytes, key);
    expect(await codeOf(decodeBundle(b, k))).toBe(code);
  });

  it.each([
    ['a newer format version', { version: 2 }, 'unsupported_version'],
    ['another format', { format: 'something-else' }, 'not_a_bundle'],
    ['a missing field', { duration: undefined }, 'malformed'],
    ['a negative time', { notes: [{ t: -1, text: 'x' }] }, 'malformed'],
    ['events that are not events', { events: [1, 2, 3] }, 'malformed'],
    ['no snapshot', { events: [{ type: 4, timestamp: 0, data: { href: 'about:blank', width: 1, height: 1 } }, { type: 3, timestamp: 1, data: { source: 1, positions: [] } }] }, 'empty_clip'],
  ])('a correctly encrypted bundle with %s is refused', async (_label, change, code) => {
    const key = generateKey();
    const bytes = await seal('bundle', key, await compressText(JSON.stringify({ ...published(), ...change })));
    expect(await codeOf(decodeBundle(bytes, key))).toBe(code);
  });

  it('encrypted bytes that are not gzip or not JSON are malformed', async () => {
    const key = generateKey();
    expect(await codeOf(decodeBundle(await seal('bundle', key, new Uint8Array([1, 2, 3])), key))).toBe('malformed');
    expect(await codeOf(decodeBundle(await seal('bundle', key, await compressText('{"a":')), key))).toBe('malformed');
  });

  it('oversized: refused before upload with its size, and refused on read', async () => {
    const bundle = published();
    const err = await encodeBundle(bundle, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as BundleError).code).toBe('too_large');
    expect((err as BundleError).message).toMatch(/This clip is \d+(\.\d)? KB, more than the 1000 B/);
    const { bytes, key } = await encodeBundle(bundle);
    expect(await codeOf(decodeBundle(bytes, key, { maxBytes: 100 }))).toBe('too_large');
  });

  it('a gzip bomb stops at the decompressed limit', async () => {
    const key = generateKey();
    const bomb = await compressText(JSON.stringify({ ...published(), title: ' '.repeat(5_000_000) }));
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(await codeOf(decodeBundle(await seal('bundle', key, bomb), key, { maxJsonBytes: 1_000_000 }))).toBe('too_large');
  });

  it('a thread message envelope is not accepted as a bundle', async () => {
    const key = generateKey();
    const msg = await seal('message', key, await compressText(JSON.stringify(published())));
    expect(await codeOf(decodeBundle(msg, key))).toBe('not_a_bundle');
  });

  it('every error has its own message', () => {
    const codes = ['bad_key', 'key_required', 'wrong_key', 'tampered', 'truncated', 'not_a_bundle', 'unsupported_version', 'too_large', 'malformed', 'empty_clip'] as const;
    const messages = codes.map((c) => new BundleError(c, { version: 2, size: 10, limit: 5 }).message);
    expect(new Set(messages).size).toBe(codes.length);
  });
});

describe('.shadowtrace files', () => {
  it('carry the same envelope, with the key by default', async () => {
    const encoded = await encodeBundle(published());
    const file = bundleFile(encoded);
    const parsed = parseBundleFile(file);
    expect(parsed.key).toBe(encoded.key);
    expect(Buffer.from(parsed.bytes).equals(Buffer.from(encoded.bytes))).toBe(true);
    expect((await readBundleFile(file)).bundle.title).toBe('Choosing a name');
  });

  it('sealed files need the key', async () => {
    const encoded = await encodeBundle(published());
    const file = bundleFile(encoded, { includeKey: false });
    expect(await codeOf(readBundleFile(file))).toBe('key_required');
    expect(await codeOf(readBundleFile(file, generateKey()))).toBe('wrong_key');
    expect((await readBundleFile(file, encoded.key)).bundle.title).toBe('Choosing a name');
  });

  it.each([
    ['empty', new Uint8Array(0), 'truncated'],
    ['not ours', new TextEncoder().encode('{"json": true}'), 'not_a_bundle'],
    ['newer', new Uint8Array([0x53, 0x54, 0x46, 0x02, 0]), 'unsupported_version'],
    ['unknown flags', new Uint8Array([0x53, 0x54, 0x46, 0x01, 0x80]), 'unsupported_version'],
    ['key cut short', new Uint8Array([0x53, 0x54, 0x46, 0x01, 0x01, 1, 2]), 'truncated'],
  ])('a %s file is refused', async (_label, file, code) => {
    expect(await codeOf(readBundleFile(file))).toBe(code);
  });

  it('names files after the title and date', () => {
    expect(bundleFileName('Choosing a name: v2!', '2030-01-31T10:00:00Z')).toBe('Choosing-a-name-v2-2030-01-31.shadowtrace');
    expect(bundleFileName('', '2030-01-31T10:00:00Z')).toBe('clip-2030-01-31.shadowtrace');
  });
});

function flip(b: Uint8Array, i: number): Uint8Array {
  return withByte(b, i, b[i]! ^ 0x01);
}
function withByte(b: Uint8Array, i: number, v: number): Uint8Array {
  const out = b.slice();
  out[i] = v;
  return out;
}
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
function withLength(b: Uint8Array, delta: number): Uint8Array {
  const out = b.slice();
  const view = new DataView(out.buffer);
  view.setUint32(12, view.getUint32(12) + delta);
  return out;
}
