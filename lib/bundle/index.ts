/**
 * A published clip: versioned JSON, gzip (lib/chunk-codec.ts), then the AES-GCM envelope (./crypto.ts) under a
 * fresh random key. The same bytes are uploaded to the share service and saved in `.shadowtrace` files.
 * docs/bundle-format.md describes every byte and field.
 *
 * Reading is all or nothing: the bytes are decrypted, decompressed (with a size cap against gzip bombs), parsed,
 * validated with zod from `unknown`, and every event goes through the replay sanitiser before the bundle is
 * returned. Any failure is a BundleError with its own code and message.
 */
import { z } from 'zod';
import { compressText } from '../chunk-codec';
import { sanitizeEvents, type SanitizeReport } from '../replay/sanitize';
import { EventType } from '../trace-events';
import type { ClipMoment, ClipNote, ClipResult } from '../clip';
import { toBase64Url } from './base64';
import { generateKey, keyBytes, open, seal } from './crypto';
import { BundleError } from './errors';

export { BundleError, type BundleErrorCode } from './errors';
export { generateKey } from './crypto';

export const BUNDLE_FORMAT = 'shadowtrace-clip';
export const BUNDLE_VERSION = 1;
/** Largest encrypted bundle: the share service's default upload limit. */
export const MAX_BUNDLE_BYTES = 20 * 1024 * 1024;
/** Largest JSON once decompressed (a gzip bomb stops here). */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 200;

const finite = z.number().refine(Number.isFinite, 'not a finite number');
const time = finite.refine((n) => n >= 0, 'negative time');

const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'not a web address');

export const BundleV1Schema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  /** ISO 8601 UTC. */
  created: z.iso.datetime(),
  title: z.string().max(MAX_TITLE_LENGTH),
  /** The page's address as the author chose to keep it (origin or origin + path), or null. */
  url: httpUrl.nullable(),
  /** ms */
  duration: time,
  /** rrweb events, timestamps in ms from the clip's start. Their insides are checked by the replay sanitiser. */
  events: z.array(z.looseObject({ type: z.number().int(), timestamp: finite })).min(2).max(5_000_000),
  moments: z
    .array(
      z.object({
        t: time,
        kind: z.string().min(1).max(40),
        duration: time,
        detail: z.record(z.string().max(40), z.union([z.string().max(100), finite, z.boolean()])),
      }),
    )
    .max(100_000),
  notes: z.array(z.object({ t: time, text: z.string().max(10_000) })).max(10_000),
});

export type Bundle = z.infer<typeof BundleV1Schema>;

export interface BundleMeta {
  title: string;
  /** Defaults to now. */
  created?: Date;
}

/** The bundle a clip publishes. Title is the author's; no page title is ever copied in. */
export function bundleFromClip(clip: Pick<ClipResult, 'events' | 'moments' | 'notes' | 'duration' | 'url'>, meta: BundleMeta): Bundle {
  const title = meta.title.trim().slice(0, MAX_TITLE_LENGTH) || 'Untitled clip';
  const bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    created: (meta.created ?? new Date()).toISOString(),
    title,
    url: clip.url,
    duration: clip.duration,
    events: clip.events,
    moments: clip.moments satisfies ClipMoment[],
    notes: clip.notes satisfies ClipNote[],
  };
  const parsed = BundleV1Schema.safeParse(bundle);
  if (!parsed.success) throw new BundleError('malformed', { reason: describeIssue(parsed.error) });
  if (!parsed.data.events.some((e) => e.type === EventType.FullSnapshot)) throw new BundleError('empty_clip');
  return parsed.data;
}

export interface EncodedBundle {
  /** The envelope: what is uploaded, and what a `.shadowtrace` file wraps. */
  bytes: Uint8Array<ArrayBuffer>;
  /** base64url of the raw key: the link's `#k=`. */
  key: string;
}

export interface EncodeOptions {
  /** Default MAX_BUNDLE_BYTES; a bigger bundle is refused with its size before anything is uploaded. */
  maxBytes?: number;
  /** An existing key (tests, re-publishing); default a fresh one. */
  key?: string;
}

export async function encodeBundle(bundle: Bundle, { maxBytes = MAX_BUNDLE_BYTES, key = generateKey() }: EncodeOptions = {}): Promise<EncodedBundle> {
  keyBytes(key);
  const gz = await compressText(JSON.stringify(bundle));
  const bytes = await seal('bundle', key, gz);
  if (bytes.byteLength > maxBytes) throw new BundleError('too_large', { size: bytes.byteLength, limit: maxBytes });
  return { bytes, key };
}

export interface DecodedBundle {
  bundle: Bundle;
  /** What the sanitiser removed: a bundle we wrote ourselves should show zeros. */
  sanitized: SanitizeReport;
}

export interface DecodeOptions {
  maxBytes?: number;
  maxJsonBytes?: number;
}

export async function decodeBundle(bytes: Uint8Array, key: string, options: DecodeOptions = {}): Promise<DecodedBundle> {
  const maxBytes = options.maxBytes ?? MAX_BUNDLE_BYTES;
  if (bytes.byteLength > maxBytes) throw new BundleError('too_large', { size: bytes.byteLength, limit: maxBytes });
  const gz = await open('bundle', key, bytes);
  const text = await gunzipCapped(gz, options.maxJsonBytes ?? MAX_JSON_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BundleError('malformed', { reason: 'not JSON' });
  }
  return { ...checkBundle(json) };
}

/** Validates a parsed bundle from `unknown` and sanitises its events. */
export function checkBundle(json: unknown): DecodedBundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BundleError('malformed', { reason: 'not an object' });
  const head = json as Record<string, unknown>;
  if (head.format !== BUNDLE_FORMAT) throw new BundleError('not_a_bundle');
  if (head.version !== BUNDLE_VERSION) throw new BundleError('unsupported_version', { version: head.version });
  const parsed = BundleV1Schema.safeParse(json);
  if (!parsed.success) throw new BundleError('malformed', { reason: describeIssue(parsed.error) });
  const { events, report } = sanitizeEvents(parsed.data.events);
  if (!events.some((e) => e.type === EventType.FullSnapshot)) throw new BundleError('empty_clip');
  return { bundle: { ...parsed.data, events: events as Bundle['events'] }, sanitized: report };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.slice(0, 3).join('.');
  return `${path || 'bundle'}: ${issue.message}`.slice(0, 120);
}

/** gunzip that stops as soon as the output passes `limit` bytes; a damaged stream is 'tampered'-proof already, so
 * failure here means the author's own bytes were bad: 'malformed'. */
async function gunzipCapped(bytes: Uint8Array, limit: number): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw new BundleError('too_large', { size: total, limit });
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof BundleError) throw err;
    throw new BundleError('malformed', { reason: 'not gzip' });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(out);
  } catch {
    throw new BundleError('malformed', { reason: 'not UTF-8' });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// .shadowtrace files

/** "STF" + file version 1. */
const FILE_MAGIC = [0x53, 0x54, 0x46, 0x01] as const;
const FLAG_KEY_INCLUDED = 0x01;
export const FILE_EXTENSION = '.shadowtrace';
export const FILE_MIME = 'application/vnd.shadowtrace.clip';

/**
 * A `.shadowtrace` file: 4-byte magic "STF\x01", 1 flags byte, the 32-byte raw key when flag 0x01 is set, then the
 * envelope, byte for byte what the share service stores. With the key included (the default) the file is as secret
 * as a link: whoever holds it can watch. Without it (`includeKey: false`) the file is sealed and the key travels
 * separately (a link fragment or a message), so the file can sit on a shared drive.
 */
export function bundleFile(encoded: EncodedBundle, { includeKey = true } = {}): Uint8Array<ArrayBuffer> {
  const key = includeKey ? keyBytes(encoded.key) : new Uint8Array(0);
  const out = new Uint8Array(5 + key.byteLength + encoded.bytes.byteLength);
  out.set(FILE_MAGIC);
  out[4] = includeKey ? FLAG_KEY_INCLUDED : 0;
  out.set(key, 5);
  out.set(encoded.bytes, 5 + key.byteLength);
  return out;
}

export interface ParsedFile {
  bytes: Uint8Array;
  /** base64url, when the file carries it. */
  key: string | null;
}

export function parseBundleFile(file: Uint8Array): ParsedFile {
  if (file.byteLength < 5) throw new BundleError(file.byteLength === 0 ? 'truncated' : 'not_a_bundle');
  if (file[0] !== FILE_MAGIC[0] || file[1] !== FILE_MAGIC[1] || file[2] !== FILE_MAGIC[2]) throw new BundleError('not_a_bundle');
  if (file[3] !== FILE_MAGIC[3]) throw new BundleError('unsupported_version', { version: file[3] });
  const flags = file[4]!;
  if ((flags & ~FLAG_KEY_INCLUDED) !== 0) throw new BundleError('unsupported_version', { version: `1 with flags ${flags}` });
  if (flags & FLAG_KEY_INCLUDED) {
    if (file.byteLength < 5 + 32) throw new BundleError('truncated');
    const raw = file.slice(5, 37);
    return { key: toBase64Url(raw), bytes: file.slice(37) };
  }
  return { key: null, bytes: file.slice(5) };
}

/** Reads a `.shadowtrace` file; `key` is needed only for a sealed file (and then wins over none). */
export async function readBundleFile(file: Uint8Array, key?: string, options?: DecodeOptions): Promise<DecodedBundle> {
  const parsed = parseBundleFile(file);
  const useKey = parsed.key ?? key;
  if (!useKey) throw new BundleError('key_required');
  return decodeBundle(parsed.bytes, useKey, options);
}

/** A file name a person recognises: the title, then the date. */
export function bundleFileName(title: string, created: string | Date): string {
  const date = new Date(created).toISOString().slice(0, 10);
  const base = title.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'clip';
  return `${base}-${date}${FILE_EXTENSION}`;
}
