/**
 * Fetches what a clip refers to (images, posters, stylesheets) so that publishing can carry it inside the
 * bundle. The worker does it because the side panel's policy allows no outside connection; it uses the access the
 * senior granted for the site (and the site's cookies, for private pages), and nothing is kept.
 */
import type { ReplyTo } from '@/lib/protocol';

const MAX_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

function fromOurPages(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === chrome.runtime.id && (sender.url ?? '').startsWith(chrome.runtime.getURL(''));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function fetchResource(url: string, sender: chrome.runtime.MessageSender): Promise<ReplyTo<'resource/fetch'>> {
  if (!fromOurPages(sender)) return { ok: false, error: 'only Shadowtrace’s own pages may ask' };
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'include', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return { ok: false, error: 'could not be fetched (no access to its site, or offline)' };
  }
  if (!response.ok) return { ok: false, error: `the site answered ${response.status}` };
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_BYTES) return { ok: false, error: `larger than ${MAX_BYTES / 1024 / 1024} MB` };
  if (type === 'text/css') return { ok: true, kind: 'css', body: new TextDecoder().decode(bytes) };
  if (/^(image|font)\/[\w.+-]+$/.test(type) && type !== 'image/svg+xml') {
    return { ok: true, kind: 'data-url', body: `data:${type};base64,${base64(bytes)}` };
  }
  return { ok: false, error: `not an image or a stylesheet (${type || 'no type'})` };
}
