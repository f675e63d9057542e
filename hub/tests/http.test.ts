import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskStore, type ObjectStore } from '../src/store/index.ts';
import { auth, b64, json, randomBytes, startHub, TestClock, uploadOk, type RunningHub } from './support/hub.ts';

// Store-independent HTTP behaviour, over the disk store.
let root: string;
const hubs: RunningHub[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hub-http-'));
});
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await rm(root, { recursive: true, force: true });
});

async function start(overrides?: Parameters<typeof startHub>[2], store: ObjectStore = new DiskStore(root)) {
  const hub = await startHub(store, new TestClock(), overrides);
  hubs.push(hub);
  return hub;
}

describe('CORS', () => {
  it('answers preflights from extension origins and from no others', async () => {
    const { url } = await start();
    const preflight = (origin: string, path = '/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA') =>
      fetch(`${url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' },
      });
    let res = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, PATCH, DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    res = await preflight('moz-extension://0b4e3c1d-1111-2222-3333-444455556666', '/api/v1/links');
    expect(res.headers.get('access-control-allow-origin')).toBe('moz-extension://0b4e3c1d-1111-2222-3333-444455556666');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    res = await preflight('https://evil.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks actual responses, errors included, for allowed origins', async () => {
    const { url } = await start();
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const link = await uploadOk(url);
    let res = await fetch(`${url}/api/v1/links/${link.id}`, { headers: { Origin: origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('vary')).toBe('Origin');
    res = await fetch(`${url}/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { Origin: origin } });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('takes its allowed origins from config', async () => {
    const { url } = await start({ corsOrigins: ['https://hub.example'] });
    let res = await fetch(`${url}/healthz`, { headers: { Origin: 'https://hub.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://hub.example');
    res = await fetch(`${url}/healthz`, { headers: { Origin: 'chrome-extension://abc' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('behind a proxy', () => {
  it('rate-limits by the address the trusted proxy saw, and builds https links', async () => {
    const { url } = await start({ trustProxyHops: 1, rateLimit: { burst: 1, perSecond: 0.001 } });
    const from = (ip: string) => ({ 'X-Forwarded-For': `6.6.6.6, ${ip}`, 'X-Forwarded-Proto': 'https' });
    expect((await fetch(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`, { headers: from('10.0.0.1') })).status).toBe(404);
    expect((await fetch(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`, { headers: from('10.0.0.1') })).status).toBe(429);
    const res = await fetch(`${url}/api/v1/links`, { method: 'POST', headers: from('10.0.0.2'), body: randomBytes(10) });
    expect(res.status).toBe(201);
    expect((await json(res)).url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}$/);
  });

  it('uses HUB_PUBLIC_URL for links when set', async () => {
    const { url } = await start({ publicUrl: 'https://hub.example.com' });
    const link = await uploadOk(url);
    expect(link.url).toBe(`https://hub.example.com/s/${link.id}`);
  });
});

describe('health', () => {
  it('answers 503 when the store cannot be reached', async () => {
    const broken = new DiskStore(path.join(root, 'x'));
    broken.check = async () => {
      throw new Error('down');
    };
    const { url } = await start({}, broken);
    const original = console.error;
    console.error = () => {};
    const res = await fetch(`${url}/healthz`).finally(() => (console.error = original));
    expect(res.status).toBe(503);
    expect(await json(res)).toMatchObject({ ok: false, error: 'store_unavailable' });
  });

  it('answers 500 with a JSON error when the store fails mid-request', async () => {
    const failing = new DiskStore(path.join(root, 'y'));
    failing.get = async () => {
      throw new Error('disk on fire');
    };
    const { url } = await start({}, failing);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await fetch(`${url}/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA/questions`, {
        method: 'POST',
        body: JSON.stringify({ blob: b64('q') }),
      });
      expect(res.status).toBe(500);
      expect(await json(res)).toEqual({ error: 'internal', message: 'The service failed; try again later.' });
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

describe('npm start', () => {
  it('starts from env settings alone and serves /healthz', async () => {
    const dataDir = path.join(root, 'started');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, HUB_PORT: '0', HUB_HOST: '127.0.0.1', HUB_DATA_DIR: dataDir, HUB_STORE: 'disk' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${url}/healthz`);
      expect(await json(res)).toEqual({ ok: true, store: 'disk' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
