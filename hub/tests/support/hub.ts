import { createHub, type Hub } from '../../src/app.ts';
import { loadConfig, type HubConfig } from '../../src/config.ts';
import type { ObjectStore } from '../../src/store/index.ts';

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
export const SECOND = 1000;
export const DAY = 24 * 60 * 60 * SECOND;

/** A clock the tests move by hand; several hubs may share one. */
export class TestClock {
  t = T0;
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface RunningHub {
  url: string;
  hub: Hub;
  store: ObjectStore;
  close(): Promise<void>;
}

/** The defaults of `npm start` (no env), with generous rate limits unless a test sets them. */
export async function startHub(
  store: ObjectStore,
  clock: TestClock,
  overrides: Partial<Omit<HubConfig, 'store'>> = {},
  options: { viewerDir?: string } = {},
): Promise<RunningHub> {
  const config: HubConfig = { ...loadConfig({}), rateLimit: { burst: 10_000, perSecond: 1000 }, ...overrides };
  const hub = createHub({ config, store, now: clock.now, viewerDir: options.viewerDir });
  const url = await hub.listen(0, '127.0.0.1');
  return { url, hub, store, close: () => hub.close() };
}

export async function upload(base: string, bytes: Uint8Array<ArrayBuffer>, query = '') {
  const res = await fetch(`${base}/api/v1/links${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  return { res, body: (await res.json()) as Record<string, any> };
}

export async function uploadOk(base: string, bytes: Uint8Array<ArrayBuffer> = randomBytes(256), query = '') {
  const { res, body } = await upload(base, bytes, query);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body as { id: string; revokeToken: string; expiresAt: string; url: string };
}

export async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

export function auth(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
export const unb64 = (blob: string) => Buffer.from(blob, 'base64').toString('utf8');
