import { describe, expect, it } from 'vitest';
import { originAllowed } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { RateLimiter } from '../src/rate-limit.ts';
import { hashToken, newRevokeToken, tokenMatches } from '../src/tokens.ts';

describe('config', () => {
  it('defaults to the disk store, 20 MB uploads, 30-day links', () => {
    const c = loadConfig({});
    expect(c.store).toEqual({ kind: 'disk', dataDir: './data' });
    expect(c.maxUploadBytes).toBe(20 * 1024 * 1024);
    expect(c.defaultTtlMs).toBe(30 * 24 * 3600 * 1000);
    expect(c.rateLimit).toEqual({ burst: 120, perSecond: 2 });
    expect(c.corsOrigins).toEqual(['chrome-extension://*', 'moz-extension://*']);
  });

  it('selects S3 when a bucket is set', () => {
    const c = loadConfig({
      HUB_S3_BUCKET: 'traces',
      HUB_S3_ENDPOINT: 'http://127.0.0.1:9000',
      HUB_S3_FORCE_PATH_STYLE: 'true',
      HUB_S3_ACCESS_KEY_ID: 'a',
      HUB_S3_SECRET_ACCESS_KEY: 'b',
      HUB_S3_PREFIX: 'hub',
    });
    expect(c.store).toEqual({
      kind: 's3',
      s3: {
        bucket: 'traces',
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        prefix: 'hub/',
      },
    });
  });

  it.each([
    [{ HUB_MAX_UPLOAD_BYTES: '20MB' }, /HUB_MAX_UPLOAD_BYTES/],
    [{ HUB_STORE: 'ftp' }, /HUB_STORE/],
    [{ HUB_STORE: 's3' }, /HUB_S3_BUCKET/],
    [{ HUB_S3_BUCKET: 'ab' }, /at least 3/],
    [{ HUB_S3_BUCKET: 'abc', HUB_S3_ACCESS_KEY_ID: 'a' }, /both/],
    [{ HUB_S3_FORCE_PATH_STYLE: 'maybe', HUB_S3_BUCKET: 'abc' }, /true or false/],
    [{ HUB_DEFAULT_TTL_DAYS: '400' }, /must not exceed/],
    [{ HUB_PUBLIC_URL: 'hub.example.com' }, /HUB_PUBLIC_URL/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('rate limiter', () => {
  it('refills at the configured rate up to the burst, per client', () => {
    let t = 0;
    const rl = new RateLimiter({ burst: 2, perSecond: 4, now: () => t });
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(rl.take('b').ok).toBe(true);
    t += 250;
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(false);
    t += 60_000;
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(false);
  });

  it('forgets idle clients beyond its capacity', () => {
    let t = 0;
    const rl = new RateLimiter({ burst: 1, perSecond: 1, now: () => t, maxClients: 3 });
    for (const c of ['a', 'b', 'c', 'd', 'e']) {
      rl.take(c);
      t += 10;
    }
    expect(rl.size).toBe(3);
    t += 5000;
    rl.take('f');
    expect(rl.size).toBe(3);
  });
});

describe('revoke tokens', () => {
  it('match only themselves, through a stored hash', () => {
    const token = newRevokeToken();
    const hash = hashToken(token);
    expect(hash).not.toContain(token);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(newRevokeToken(), hash)).toBe(false);
    expect(tokenMatches('', hash)).toBe(false);
    expect(tokenMatches(token + 'x', hash)).toBe(false);
  });
});

describe('origin rules', () => {
  it.each([
    ['chrome-extension://abc', ['chrome-extension://*'], true],
    ['chrome-extension://', ['chrome-extension://*'], false],
    ['https://chrome-extension.evil', ['chrome-extension://*'], false],
    ['https://a.example', ['*'], true],
    ['https://a.example', ['https://a.example'], true],
    ['https://a.example.evil', ['https://a.example'], false],
  ])('%s against %j: %s', (origin, rules, allowed) => {
    expect(originAllowed(origin, rules)).toBe(allowed);
  });
});
