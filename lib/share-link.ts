/**
 * Trace links: `https://<service>/s/<id>#k=<key>`. The key lives only in the fragment, which browsers never send to
 * a server. Parsing is strict, so a mangled link gets a clear message instead of a confusing download failure:
 *
 * - https, or http only on a loopback host (WebCrypto needs a secure context; localhost counts as one);
 * - no user name or password, no query; the service may sit under a path prefix (`https://x.org/hub/s/<id>`);
 * - the id is 22 characters of base64url (the hub's 128-bit ids); the key 43 characters of base64url that decode
 *   to exactly 32 bytes, in the canonical spelling;
 * - the fragment is exactly `k=<key>`.
 */
import { fromBase64Url } from './bundle/base64';

export const LINK_ID = /^[A-Za-z0-9_-]{22}$/;
export const LINK_KEY = /^[A-Za-z0-9_-]{43}$/;

export interface TraceLink {
  /** The service's base URL, without a trailing slash (`https://hub.example.com` or `https://x.org/hub`). */
  service: string;
  id: string;
  key: string;
}

export type LinkErrorCode = 'not_a_url' | 'insecure' | 'not_a_trace_link' | 'bad_id' | 'missing_key' | 'bad_key';

const LINK_MESSAGES: Record<LinkErrorCode, string> = {
  not_a_url: 'This is not a link.',
  insecure: 'Trace links must use https (plain http works only on this computer, for testing).',
  not_a_trace_link: 'This is not a Shadowtrace link: it should look like https://<service>/s/<id>#k=<key>.',
  bad_id: 'This link is damaged: the part after /s/ is not a valid clip id. Copy the whole link again.',
  missing_key: 'This link has no key: the part after #k= was lost when it was copied. Ask for the whole link again.',
  bad_key: "This link's key is damaged: copy the whole link again, including everything after #k=.",
};

export class LinkError extends Error {
  constructor(readonly code: LinkErrorCode) {
    super(LINK_MESSAGES[code]);
    this.name = 'LinkError';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || hostname.toLowerCase().endsWith('.localhost');
}

/** A service base URL made canonical (origin + path, no trailing slash); LinkError when unusable. */
export function normalizeServiceUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new LinkError('not_a_url');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw new LinkError('insecure');
  if (url.username || url.password || url.search || url.hash) throw new LinkError('not_a_trace_link');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function formatTraceLink({ service, id, key }: TraceLink): string {
  if (!LINK_ID.test(id)) throw new LinkError('bad_id');
  if (!isKey(key)) throw new LinkError('bad_key');
  return `${normalizeServiceUrl(service)}/s/${id}#k=${key}`;
}

export function isKey(key: string): boolean {
  return LINK_KEY.test(key) && fromBase64Url(key)?.byteLength === 32;
}

export function parseTraceLink(input: string): TraceLink {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LinkError('not_a_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LinkError('not_a_trace_link');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw new LinkError('insecure');
  if (url.username || url.password || url.search) throw new LinkError('not_a_trace_link');
  const m = /^(.*)\/s\/([^/]*)$/.exec(url.pathname);
  if (!m) throw new LinkError('not_a_trace_link');
  const id = m[2]!;
  if (!LINK_ID.test(id)) throw new LinkError('bad_id');
  const fragment = url.hash.replace(/^#/, '');
  if (!fragment) throw new LinkError('missing_key');
  const k = /^k=(.*)$/.exec(fragment);
  if (!k) throw new LinkError(fragment.includes('k=') ? 'bad_key' : 'missing_key');
  if (!k[1]) throw new LinkError('missing_key');
  if (!isKey(k[1])) throw new LinkError('bad_key');
  return { service: `${url.origin}${m[1]!.replace(/\/+$/, '')}`, id, key: k[1] };
}

/** True when `text` is a trace link of `service` (for "Watch in side panel" on the configured service only). */
export function isLinkOf(text: string, service: string): boolean {
  try {
    return parseTraceLink(text).service === normalizeServiceUrl(service);
  } catch {
    return false;
  }
}
