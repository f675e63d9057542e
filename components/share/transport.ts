/**
 * The share service as extension pages reach it: every request goes through the background
 * (entrypoints/background/questions.ts). The side panel's content security policy allows no connection to any
 * other host, on purpose, because recorded pages replay inside it; the background is not bound by that policy.
 *
 * `backgroundFetch` has fetch's shape, so lib/share-client.ts's ShareClient keeps all its checks and messages. A
 * failure to reach the service rejects with a TypeError, as fetch does (ShareClient then says "unreachable").
 */
import { fromBase64, toBase64 } from '@/lib/bundle/base64';
import { QUESTIONS_REFRESH, QuestionsRefreshReply, SHARE_FETCH, ShareFetchReply, type ShareFetchRequest } from '@/lib/published';
import { ShareClient } from '@/lib/share-client';

async function bodyBytes(body: BodyInit | null | undefined): Promise<Uint8Array | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  throw new TypeError('Unsupported body for the share service');
}

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (out[name] = value));
  return out;
}

export const backgroundFetch: typeof fetch = async (input, init = {}) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  const bytes = await bodyBytes(init.body);
  const request: ShareFetchRequest = {
    type: SHARE_FETCH,
    url,
    method: (init.method ?? 'GET').toUpperCase() as ShareFetchRequest['method'],
    headers: headersOf(init.headers),
    body: bytes ? toBase64(bytes) : null,
  };
  let raw: unknown;
  try {
    raw = await chrome.runtime.sendMessage(request);
  } catch (err) {
    throw new TypeError(`The extension's background did not answer: ${String(err)}`);
  }
  if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  const reply = ShareFetchReply.safeParse(raw);
  if (!reply.success) throw new TypeError('The extension could not reach the share service.');
  if (!reply.data.ok) throw new TypeError(reply.data.message);
  const body = reply.data.body ? fromBase64(reply.data.body) : new Uint8Array(0);
  const nullBody = [101, 204, 205, 304].includes(reply.data.status);
  return new Response(nullBody ? null : (body as BodyInit | null), {
    status: reply.data.status,
    headers: { 'Content-Type': reply.data.contentType },
  });
};

/** A client for `service` whose requests go through the background (no XHR: the page cannot connect itself). */
export function shareClient(service: string): ShareClient {
  return new ShareClient({ service, fetch: backgroundFetch, useXhr: false });
}

/** Asks the background to poll the share service now and update the badge; resolves to the unanswered count. */
export async function refreshQuestionBadge(): Promise<number | null> {
  try {
    const parsed = QuestionsRefreshReply.safeParse(await chrome.runtime.sendMessage({ type: QUESTIONS_REFRESH }));
    return parsed.success ? parsed.data.unanswered : null;
  } catch {
    return null;
  }
}
