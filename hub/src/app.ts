import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubConfig } from './config.ts';
import { HubError } from './errors.ts';
import { assertLinkId, Links } from './links.ts';
import { RateLimiter } from './rate-limit.ts';
import type { ObjectStore } from './store/index.ts';
import { VIEWER_ASSETS, VIEWER_HEADERS, ViewerAssets, viewerPage, type ViewerAsset } from './viewer-page.ts';

export interface HubOptions {
  config: HubConfig;
  store: ObjectStore;
  /** The clock (ms since the epoch); tests inject one. */
  now?: () => number;
  /** Where the built web viewer is (default dist/viewer, from `npm run build`). */
  viewerDir?: string;
}

export interface Hub {
  server: Server;
  links: Links;
  rateLimiter: RateLimiter;
  /** Resolves to the base URL it listens on (http://127.0.0.1:PORT). */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void>;
type Routes = Record<string, Partial<Record<string, Handler>>>;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function createHub({ config, store, now = Date.now, viewerDir }: HubOptions): Hub {
  const viewerAssets = new ViewerAssets(viewerDir);
  const links = new Links(store, {
    now,
    defaultTtlMs: config.defaultTtlMs,
    maxTtlMs: config.maxTtlMs,
    maxQuestionsPerLink: config.maxQuestionsPerLink,
    tombstoneRetentionMs: config.tombstoneRetentionMs,
  });
  const rateLimiter = new RateLimiter({ ...config.rateLimit, now });
  // JSON bodies carry one base64 blob (4/3 of its size) and a little structure.
  const maxJsonBytes = Math.ceil((config.maxMessageBytes * 4) / 3) + 1024;

  const routes: Routes = {
    '/healthz': {
      GET: async (_req, res) => {
        try {
          await store.check();
          sendJson(res, 200, { ok: true, store: store.kind });
        } catch (err) {
          console.error('hub: health check failed:', err);
          sendJson(res, 503, { ok: false, store: store.kind, error: 'store_unavailable', message: 'The store cannot be reached.' });
        }
      },
    },
    '/s/:id': {
      GET: async (_req, res, [id = '']) => {
        let state: Awaited<ReturnType<Links['pageState']>> = { status: 'not_found' };
        try {
          state = await links.pageState(id);
        } catch (err) {
          if (!(err instanceof HubError)) throw err; // a malformed id is simply not found
        }
        const page = viewerPage({ state: state.status, endedAt: state.endedAt, assetsVersion: await viewerAssets.version() });
        res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8', ...VIEWER_HEADERS });
        res.end(page.html);
      },
    },
    '/viewer/:asset': {
      GET: async (req, res, [name = '']) => {
        const asset = Object.hasOwn(VIEWER_ASSETS, name) ? await viewerAssets.get(name as ViewerAsset) : undefined;
        if (!asset) throw new HubError(404, 'no_route', `There is nothing at /viewer/${name}.`);
        const headers = { 'Content-Type': VIEWER_ASSETS[name as ViewerAsset], ...VIEWER_HEADERS, ETag: asset.etag, 'Cache-Control': 'no-cache' };
        if (req.headers['if-none-match'] === asset.etag) {
          res.writeHead(304, headers).end();
          return;
        }
        res.writeHead(200, { ...headers, 'Content-Length': asset.body.byteLength });
        res.end(req.method === 'HEAD' ? undefined : asset.body);
      },
    },
    '/api/v1/links': {
      POST: async (req, res, _params, url) => {
        const expiry = {
          expiresIn: url.searchParams.get('expiresIn') ?? undefined,
          expiresAt: url.searchParams.get('expiresAt') ?? undefined,
        };
        links.expiryFrom(expiry); // refuse a bad expiry before reading a large body
        const body = await readBody(req, config.maxUploadBytes);
        if (body.byteLength === 0) throw new HubError(400, 'empty_body', 'The upload is empty: send the bundle as the request body.');
        const created = await links.create(body, expiry);
        sendJson(res, 201, { ...created, url: linkUrl(req, created.id) });
      },
    },
    '/api/v1/links/:id': {
      GET: async (req, res, [id = '']) => {
        const bytes = await links.read(id, bearer(req));
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.byteLength });
        res.end(bytes);
      },
      PATCH: async (req, res, [id = '']) => {
        assertLinkId(id);
        const body = await readJson(req, 4096);
        sendJson(res, 200, await links.setExpiry(id, bearer(req), { expiresIn: body.expiresIn, expiresAt: body.expiresAt }));
      },
      DELETE: async (req, res, [id = '']) => {
        sendJson(res, 200, { ...(await links.revoke(id, bearer(req))), revoked: true });
      },
    },
    '/api/v1/links/:id/stats': {
      GET: async (req, res, [id = '']) => sendJson(res, 200, await links.stats(id, bearer(req))),
    },
    '/api/v1/links/:id/thread': {
      GET: async (_req, res, [id = '']) => sendJson(res, 200, await links.thread(id)),
    },
    '/api/v1/links/:id/questions': {
      POST: async (req, res, [id = '']) => {
        assertLinkId(id);
        const blob = await readBlob(req);
        sendJson(res, 201, await links.ask(id, blob));
      },
    },
    '/api/v1/links/:id/questions/:qid/answers': {
      POST: async (req, res, [id = '', qid = '']) => {
        assertLinkId(id);
        const blob = await readBlob(req);
        sendJson(res, 201, await links.answer(id, qid, bearer(req), blob));
      },
    },
  };

  async function readBlob(req: IncomingMessage): Promise<Uint8Array> {
    const body = await readJson(req, maxJsonBytes);
    if (typeof body.blob !== 'string' || body.blob === '' || !STANDARD_BASE64.test(body.blob)) {
      throw new HubError(400, 'bad_blob', 'The body must be {"blob": "<non-empty standard base64>"}.');
    }
    const bytes = Buffer.from(body.blob, 'base64');
    if (bytes.byteLength > config.maxMessageBytes) {
      throw new HubError(413, 'payload_too_large', `A message may be at most ${config.maxMessageBytes} bytes.`, {
        limit: config.maxMessageBytes,
      });
    }
    return bytes;
  }

  function linkUrl(req: IncomingMessage, id: string): string | undefined {
    if (config.publicUrl) return `${config.publicUrl}/s/${id}`;
    const host = req.headers.host;
    if (!host || !/^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) return undefined;
    const forwarded = config.trustProxyHops > 0 ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
    const proto = forwarded === 'https' ? 'https' : 'http';
    return `${proto}://${host}/s/${id}`;
  }

  function clientAddress(req: IncomingMessage): string {
    const socketAddress = req.socket.remoteAddress ?? 'unknown';
    if (config.trustProxyHops === 0) return socketAddress;
    const chain = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // Each trusted proxy appends the address it saw; anything further left may be forged by the client.
    return chain[chain.length - config.trustProxyHops] ?? socketAddress;
  }

  function applyCors(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !originAllowed(origin, config.corsOrigins)) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Length');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    applyCors(req, res);

    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const match = matchRoute(routes, url.pathname);
    if (req.method === 'OPTIONS') {
      // CORS preflight: answered without touching the store or the rate limit.
      if (match) {
        res.setHeader('Access-Control-Allow-Methods', Object.keys(match.methods).join(', '));
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.writeHead(204).end();
      return;
    }
    if (!match) throw new HubError(404, 'no_route', `There is nothing at ${url.pathname}.`);
    const isPage = match.pattern === '/s/:id' || match.pattern === '/viewer/:asset';
    const method = req.method === 'HEAD' && isPage ? 'GET' : (req.method ?? 'GET');
    const handler = match.methods[method];
    if (!handler) {
      res.setHeader('Allow', Object.keys(match.methods).join(', '));
      throw new HubError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}.`);
    }
    // The viewer's static files are served from memory and cost nothing: only pages and the API are limited.
    if (match.pattern !== '/healthz' && match.pattern !== '/viewer/:asset') {
      const verdict = rateLimiter.take(clientAddress(req));
      if (!verdict.ok) {
        res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        throw new HubError(429, 'rate_limited', 'Too many requests: slow down and retry later.', {
          retryAfter: verdict.retryAfterSeconds,
        });
      }
    }
    await handler(req, res, match.params, url);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        console.error('hub: error after the response started:', err);
        res.destroy();
        return;
      }
      const hubError =
        err instanceof HubError ? err : new HubError(500, 'internal', 'The service failed; try again later.');
      if (!(err instanceof HubError)) console.error(`hub: ${req.method} ${req.url} failed:`, err);
      if (!req.complete) {
        // The body was refused part way (too large, bad JSON): close after answering rather than read the rest,
        // but let the client finish sending so that it can read the answer.
        res.setHeader('Connection', 'close');
        req.resume();
      }
      sendJson(res, hubError.status, { error: hubError.code, message: hubError.message, ...hubError.details });
    });
  });
  // Behind a load balancer idle connections must outlive the balancer's own idle timeout (often 60 s).
  server.keepAliveTimeout = 65_000;

  return {
    server,
    links,
    rateLimiter,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function matchRoute(routes: Routes, pathname: string) {
  const parts = pathname.split('/');
  for (const [pattern, methods] of Object.entries(routes)) {
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    const params: string[] = [];
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      const w = want[i] as string;
      const p = parts[i] as string;
      if (w.startsWith(':')) {
        if (p === '') ok = false;
        else params.push(safeDecode(p));
      } else ok = w === p;
    }
    if (ok) return { pattern, methods, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // then fails validation as an id
  }
}

export function originAllowed(origin: string, allowed: string[]): boolean {
  return allowed.some((rule) => rule === '*' || rule === origin || (rule.endsWith('*') && origin.startsWith(rule.slice(0, -1)) && origin.length > rule.length - 1));
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed header is treated as a wrong token rather than a missing one.
  return m?.[1] ?? header;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HubError(413, 'payload_too_large', `The body may be at most ${limit} bytes.`, { limit });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  // Plain listeners rather than `for await`: leaving an async iterator early destroys the socket, and then the
  // client never reads the 413.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const text = (await readBody(req, limit)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HubError(400, 'bad_json', 'The body must be a JSON object.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HubError(400, 'bad_json', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
