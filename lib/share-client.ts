/**
 * Typed client for the share service (hub/API.md). Every answer is parsed from `unknown` with zod; every failure is
 * a ShareError whose `code` is the hub's error code (or one of ours: unreachable, bad_response, aborted) and whose
 * `message` is written for the person in front of it.
 *
 * Thread messages are sealed with the clip's key (lib/bundle/crypto.ts, envelope kind "message"), so the service
 * sees only sizes and times, exactly as it sees bundles.
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from './bundle/base64';
import { BundleError } from './bundle/errors';
import { open, seal } from './bundle/crypto';
import { decodeBundle, encodeBundle, type Bundle, type DecodedBundle, type EncodeOptions } from './bundle';
import { formatTraceLink, LINK_ID, LinkError, normalizeServiceUrl, parseTraceLink } from './share-link';
import { formatBytes } from './trace-export';

export type ShareErrorCode =
  | 'bad_id'
  | 'bad_question_id'
  | 'bad_expiry'
  | 'bad_json'
  | 'bad_blob'
  | 'empty_body'
  | 'token_required'
  | 'bad_token'
  | 'not_found'
  | 'question_not_found'
  | 'no_route'
  | 'method_not_allowed'
  | 'thread_full'
  | 'link_expired'
  | 'link_revoked'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal'
  | 'store_unavailable'
  | 'unreachable'
  | 'bad_response'
  | 'aborted';

export interface ShareErrorDetail {
  status?: number;
  expiredAt?: string;
  revokedAt?: string;
  limit?: number;
  retryAfter?: number;
  minExpiresAt?: string;
  maxExpiresAt?: string;
  /** The hub's own message, for logs. */
  hubMessage?: string;
}

/** A date as people read it, in UTC so that author and mentee see the same words ("31 January 2030, 12:00 UTC"). */
export function formatDate(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return 'an unknown date';
  const d = new Date(t);
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

export function shareMessage(code: ShareErrorCode, d: ShareErrorDetail = {}): string {
  switch (code) {
    case 'link_expired':
      return `This link expired on ${formatDate(d.expiredAt)}.`;
    case 'link_revoked':
      return `This link was revoked by its author${d.revokedAt ? ` on ${formatDate(d.revokedAt)}` : ''}.`;
    case 'not_found':
      return 'Not found: the share service has no clip for this link. Check that the link was copied whole.';
    case 'unreachable':
      return 'The share service is unreachable: check its URL in Settings, and your connection.';
    case 'bad_response':
      return 'The share service answered with something unexpected: check its URL in Settings.';
    case 'aborted':
      return 'Cancelled.';
    case 'bad_id':
      return 'This link is damaged: the part after /s/ is not a valid clip id. Copy the whole link again.';
    case 'bad_question_id':
    case 'question_not_found':
      return 'That question is no longer on this clip.';
    case 'bad_expiry':
      return d.minExpiresAt && d.maxExpiresAt
        ? `Choose an expiry between ${formatDate(d.minExpiresAt)} and ${formatDate(d.maxExpiresAt)}.`
        : 'That expiry is not allowed by the share service.';
    case 'token_required':
    case 'bad_token':
      return "Only this link's author can do that, and this copy of Shadowtrace does not hold its revoke token.";
    case 'thread_full':
      return `This clip has ${d.limit ?? 'too many'} questions already, the most the share service keeps.`;
    case 'payload_too_large':
      return `Too large for the share service${d.limit ? `, which accepts at most ${formatBytes(d.limit)}` : ''}: choose a shorter range.`;
    case 'rate_limited':
      return `The share service is busy: try again in ${d.retryAfter ?? 'a few'} seconds.`;
    case 'internal':
    case 'store_unavailable':
      return 'The share service failed to do this: try again later, or tell whoever runs it.';
    case 'bad_json':
    case 'bad_blob':
    case 'empty_body':
    case 'no_route':
    case 'method_not_allowed':
      return 'The share service did not understand this request: it may run a different version. Check its URL in Settings.';
  }
}

export class ShareError extends Error {
  constructor(
    readonly code: ShareErrorCode,
    readonly detail: ShareErrorDetail = {},
  ) {
    super(shareMessage(code, detail));
    this.name = 'ShareError';
  }
}

const iso = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date');
const linkId = z.string().regex(LINK_ID);
const messageId = z.string().regex(/^\d{13}-[0-9a-f]{12}$/);

const ErrorBody = z.object({
  error: z.string(),
  message: z.string().optional(),
  expiredAt: iso.optional(),
  revokedAt: iso.optional(),
  limit: z.number().optional(),
  retryAfter: z.number().optional(),
  minExpiresAt: iso.optional(),
  maxExpiresAt: iso.optional(),
});

const UploadBody = z.object({
  id: linkId,
  revokeToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  expiresAt: iso,
  url: z.string().optional(),
});
const ExpiryBody = z.object({ id: linkId, expiresAt: iso });
const RevokeBody = z.object({ id: linkId, revokedAt: iso, revoked: z.literal(true) });
const StatsBody = z.object({
  id: linkId,
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: iso,
  expiresAt: iso,
  revokedAt: iso.optional(),
  size: z.number().int().nonnegative(),
  views: z.number().int().nonnegative(),
  questions: z.number().int().nonnegative(),
  unanswered: z.number().int().nonnegative(),
});
const ThreadBody = z.object({
  id: linkId,
  messages: z.array(
    z.object({
      id: messageId,
      kind: z.enum(['question', 'answer']),
      replyTo: messageId.optional(),
      createdAt: iso,
      blob: z.string(),
    }),
  ),
});
const PostedBody = z.object({ id: messageId, createdAt: iso, replyTo: messageId.optional() });
const HealthBody = z.object({ ok: z.boolean(), store: z.string().optional() });

export type UploadResult = z.infer<typeof UploadBody>;
export type LinkStats = z.infer<typeof StatsBody>;
export type Expiry = { expiresIn: number } | { expiresAt: string | Date };

export interface Progress {
  loaded: number;
  total: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface UploadOptions extends RequestOptions {
  expiry?: Expiry;
  /** Upload progress (XMLHttpRequest where the context has it; else only the start and the end). */
  onProgress?: (p: Progress) => void;
}

/** What a question or answer holds once decrypted. */
export interface ThreadEntry {
  id: string;
  kind: 'question' | 'answer';
  replyTo?: string;
  createdAt: string;
  /** ms from the clip's start (questions). */
  t: number | null;
  /** Null when the message could not be decrypted (then `problem` says why). */
  text: string | null;
  problem?: string;
}

export const MAX_MESSAGE_TEXT = 10_000;

const MessagePlain = z.object({ v: z.literal(1), t: z.number().nonnegative().nullable(), text: z.string().max(MAX_MESSAGE_TEXT) });

export interface ShareClientOptions {
  /** The service's base URL, as set in Settings. */
  service: string;
  fetch?: typeof fetch;
  /** Use XMLHttpRequest for uploads when present (default true), for real progress. */
  useXhr?: boolean;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class ShareClient {
  readonly service: string;
  private fetchImpl: typeof fetch;
  private useXhr: boolean;

  constructor(options: ShareClientOptions) {
    try {
      this.service = normalizeServiceUrl(options.service);
    } catch (err) {
      if (err instanceof LinkError) throw new ShareError('unreachable', { hubMessage: err.message });
      throw err;
    }
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.useXhr = options.useXhr ?? true;
  }

  /** The link a mentee opens. */
  linkFor(id: string, key: string): string {
    return formatTraceLink({ service: this.service, id, key });
  }

  async upload(bytes: Uint8Array, { expiry, onProgress, signal }: UploadOptions = {}): Promise<UploadResult> {
    const query = expiryQuery(expiry);
    const url = `${this.service}/api/v1/links${query}`;
    onProgress?.({ loaded: 0, total: bytes.byteLength });
    let result: { status: number; body: unknown; text: string };
    if (this.useXhr && typeof XMLHttpRequest !== 'undefined') {
      result = await xhrUpload(url, bytes, onProgress, signal);
    } else {
      result = await this.raw('POST', url, {
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { 'Content-Type': 'application/octet-stream' },
        signal,
      });
    }
    const parsed = expect(result, 201, UploadBody);
    onProgress?.({ loaded: bytes.byteLength, total: bytes.byteLength });
    return parsed;
  }

  /** The ciphertext. With the revoke token the author previews without counting a view. */
  async download(id: string, { revokeToken, signal }: RequestOptions & { revokeToken?: string } = {}): Promise<Uint8Array> {
    checkId(id);
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.service}/api/v1/links/${id}`, { headers: auth(revokeToken), signal, cache: 'no-store' });
    } catch (err) {
      throw networkError(err);
    }
    if (res.status !== 200) throw errorFrom(res.status, await readJsonSafe(res));
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw networkError(err);
    }
  }

  async setExpiry(id: string, revokeToken: string, expiry: Expiry, options: RequestOptions = {}): Promise<{ id: string; expiresAt: string }> {
    checkId(id);
    const body = 'expiresIn' in expiry ? { expiresIn: expiry.expiresIn } : { expiresAt: new Date(expiry.expiresAt).toISOString() };
    return expect(await this.json('PATCH', `/api/v1/links/${id}`, body, revokeToken, options), 200, ExpiryBody);
  }

  async revoke(id: string, revokeToken: string, options: RequestOptions = {}): Promise<{ id: string; revokedAt: string }> {
    checkId(id);
    const { id: gone, revokedAt } = expect(await this.json('DELETE', `/api/v1/links/${id}`, undefined, revokeToken, options), 200, RevokeBody);
    return { id: gone, revokedAt };
  }

  async stats(id: string, revokeToken: string, options: RequestOptions = {}): Promise<LinkStats> {
    checkId(id);
    return expect(await this.json('GET', `/api/v1/links/${id}/stats`, undefined, revokeToken, options), 200, StatsBody);
  }

  /** The thread, decrypted with the clip's key; a message that does not decrypt is listed with `text: null`. */
  async thread(id: string, key: string, options: RequestOptions = {}): Promise<ThreadEntry[]> {
    checkId(id);
    const body = expect(await this.json('GET', `/api/v1/links/${id}/thread`, undefined, undefined, options), 200, ThreadBody);
    return Promise.all(body.messages.map((m) => openMessage(key, m)));
  }

  /** Asks a question at `t` ms from the clip's start. */
  async ask(id: string, key: string, question: { t: number; text: string }, options: RequestOptions = {}): Promise<{ id: string; createdAt: string }> {
    checkId(id);
    const blob = await sealMessage(key, question.t, question.text);
    const { id: qid, createdAt } = expect(await this.json('POST', `/api/v1/links/${id}/questions`, { blob }, undefined, options), 201, PostedBody);
    return { id: qid, createdAt };
  }

  async answer(
    id: string,
    key: string,
    revokeToken: string,
    questionId: string,
    text: string,
    options: RequestOptions = {},
  ): Promise<{ id: string; createdAt: string; replyTo?: string }> {
    checkId(id);
    if (!/^\d{13}-[0-9a-f]{12}$/.test(questionId)) throw new ShareError('bad_question_id');
    const blob = await sealMessage(key, null, text);
    return expect(await this.json('POST', `/api/v1/links/${id}/questions/${questionId}/answers`, { blob }, revokeToken, options), 201, PostedBody);
  }

  /** True when the service answers and its store works; ShareError('unreachable') when nothing answers. */
  async health(options: RequestOptions = {}): Promise<{ ok: boolean; store?: string }> {
    const res = await this.raw('GET', `${this.service}/healthz`, { signal: options.signal });
    const parsed = HealthBody.safeParse(res.body);
    if (!parsed.success) throw new ShareError('bad_response', { status: res.status });
    return parsed.data;
  }

  private json(method: Method, path: string, body: unknown, revokeToken: string | undefined, { signal }: RequestOptions) {
    const headers: Record<string, string> = { ...auth(revokeToken) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.raw(method, `${this.service}${path}`, { headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  }

  private async raw(method: Method, url: string, init: RequestInit): Promise<{ status: number; body: unknown; text: string }> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, { ...init, method, cache: 'no-store' });
    } catch (err) {
      throw networkError(err);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw networkError(err);
    }
    return { status: res.status, body: parseJson(text), text };
  }
}

function auth(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function checkId(id: string): void {
  if (!LINK_ID.test(id)) throw new ShareError('bad_id');
}

function expiryQuery(expiry: Expiry | undefined): string {
  if (!expiry) return '';
  if ('expiresIn' in expiry) return `?expiresIn=${encodeURIComponent(String(Math.round(expiry.expiresIn)))}`;
  return `?expiresAt=${encodeURIComponent(new Date(expiry.expiresAt).toISOString())}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readJsonSafe(res: Response): Promise<unknown> {
  try {
    return parseJson(await res.text());
  } catch {
    return undefined;
  }
}

function networkError(err: unknown): ShareError {
  if (err instanceof ShareError) return err;
  if (err instanceof DOMException && err.name === 'AbortError') return new ShareError('aborted');
  if (err instanceof Error && err.name === 'AbortError') return new ShareError('aborted');
  return new ShareError('unreachable', { hubMessage: err instanceof Error ? err.message : String(err) });
}

const KNOWN_CODES = new Set<string>([
  'bad_id',
  'bad_question_id',
  'bad_expiry',
  'bad_json',
  'bad_blob',
  'empty_body',
  'token_required',
  'bad_token',
  'not_found',
  'question_not_found',
  'no_route',
  'method_not_allowed',
  'thread_full',
  'link_expired',
  'link_revoked',
  'payload_too_large',
  'rate_limited',
  'internal',
  'store_unavailable',
]);

function errorFrom(status: number, body: unknown): ShareError {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success && KNOWN_CODES.has(parsed.data.error)) {
    const { error, message, ...rest } = parsed.data;
    return new ShareError(error as ShareErrorCode, { status, hubMessage: message, ...rest });
  }
  // Not the hub speaking (a proxy's error page, another server at that URL).
  if (status === 502 || status === 503 || status === 504) return new ShareError('unreachable', { status });
  if (status === 413) return new ShareError('payload_too_large', { status });
  if (status === 429) return new ShareError('rate_limited', { status });
  return new ShareError('bad_response', { status });
}

function expect<T>(res: { status: number; body: unknown }, status: number, schema: z.ZodType<T>): T {
  if (res.status !== status) throw errorFrom(res.status, res.body);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new ShareError('bad_response', { status: res.status });
  return parsed.data;
}

function xhrUpload(
  url: string,
  bytes: Uint8Array,
  onProgress: ((p: Progress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<{ status: number; body: unknown; text: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ShareError('aborted'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : bytes.byteLength });
    xhr.onload = () => resolve({ status: xhr.status, body: parseJson(xhr.responseText), text: xhr.responseText });
    xhr.onerror = () => reject(new ShareError('unreachable'));
    xhr.onabort = () => reject(new ShareError('aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(new Blob([bytes as BlobPart]));
  });
}

export async function sealMessage(key: string, t: number | null, text: string): Promise<string> {
  if (text.length > MAX_MESSAGE_TEXT) throw new ShareError('payload_too_large', { limit: MAX_MESSAGE_TEXT });
  const plain = new TextEncoder().encode(JSON.stringify({ v: 1, t, text }));
  return toBase64(await seal('message', key, plain));
}

async function openMessage(key: string, m: z.infer<typeof ThreadBody>['messages'][number]): Promise<ThreadEntry> {
  const base = { id: m.id, kind: m.kind, createdAt: m.createdAt, ...(m.replyTo ? { replyTo: m.replyTo } : {}) };
  const bytes = fromBase64(m.blob);
  if (!bytes) return { ...base, t: null, text: null, problem: 'This message is damaged.' };
  try {
    const plain = MessagePlain.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await open('message', key, bytes))));
    return { ...base, t: plain.t, text: plain.text };
  } catch (err) {
    return { ...base, t: null, text: null, problem: err instanceof BundleError ? err.message : 'This message is damaged.' };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The two journeys: publish a bundle, open a link.

export interface Published {
  /** `https://<service>/s/<id>#k=<key>`: what goes to the clipboard. */
  link: string;
  id: string;
  key: string;
  revokeToken: string;
  expiresAt: string;
  size: number;
}

export interface PublishOptions extends UploadOptions {
  encode?: EncodeOptions;
}

/** Encodes (refusing an oversized bundle with its size before any upload), uploads, and builds the link. */
export async function publishBundle(client: ShareClient, bundle: Bundle, options: PublishOptions = {}): Promise<Published> {
  const { bytes, key } = await encodeBundle(bundle, options.encode);
  const up = await client.upload(bytes, options);
  return { link: client.linkFor(up.id, key), id: up.id, key, revokeToken: up.revokeToken, expiresAt: up.expiresAt, size: bytes.byteLength };
}

export interface OpenOptions extends RequestOptions {
  fetch?: typeof fetch;
  /** The author previewing their own link (not counted as a view). */
  revokeToken?: string;
}

/** Parses a link, downloads and decodes its bundle. LinkError, ShareError or BundleError: nothing partial. */
export async function openTraceLink(link: string, options: OpenOptions = {}): Promise<DecodedBundle & { id: string; service: string; key: string }> {
  const parsed = parseTraceLink(link);
  const client = new ShareClient({ service: parsed.service, fetch: options.fetch });
  const bytes = await client.download(parsed.id, options);
  return { ...(await decodeBundle(bytes, parsed.key)), ...parsed };
}
