/**
 * The share client against the real hub (hub/src/app.ts), started in-process on 127.0.0.1 with a random port, a
 * temporary disk store and a clock the test moves. The hub is imported by path at run time so that the
 * extension's type check does not pull in the hub's Node-only sources (it has its own tsconfig).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipEvents } from '@/lib/clip';
import { BundleError, bundleFromClip, encodeBundle, generateKey } from '@/lib/bundle';
import { openTraceLink, publishBundle, ShareClient, ShareError, shareMessage, type ShareErrorCode } from '@/lib/share-client';
import { LinkError, parseTraceLink } from '@/lib/share-link';
import { END, MOMENTS, NOTES, privacyTrace, REDACTIONS, START } from './clip-trace';

interface RunningHub {
  url: string;
  close(): Promise<void>;
}
interface Clock {
  t: number;
  advance(ms: number): void;
}
interface HubSupport {
  startHub(store: unknown, clock: Clock, overrides?: Record<string, unknown>): Promise<RunningHub>;
  TestClock: new () => Clock;
  DAY: number;
}

const HUB = path.resolve(import.meta.dirname, '../../hub');
let support: HubSupport;
let hub: RunningHub;
let clock: Clock;
let dataDir: string;
let client: ShareClient;

function bundle() {
  const clip = clipEvents(privacyTrace(), { start: START, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });
  return bundleFromClip(clip, { title: 'Choosing a name' });
}

async function failure(p: Promise<unknown>): Promise<ShareError | BundleError | LinkError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ShareError || err instanceof BundleError || err instanceof LinkError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  support = (await import(/* @vite-ignore */ path.join(HUB, 'tests/support/hub.ts'))) as HubSupport;
  const stores = (await import(/* @vite-ignore */ path.join(HUB, 'src/store/index.ts'))) as { DiskStore: new (dir: string) => unknown };
  dataDir = await mkdtemp(path.join(tmpdir(), 'shadowtrace-share-'));
  clock = new support.TestClock();
  hub = await support.startHub(new stores.DiskStore(dataDir), clock, { maxUploadBytes: 200_000, maxQuestionsPerLink: 2 });
  client = new ShareClient({ service: hub.url });
});

afterAll(async () => {
  await hub?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('share client against the hub', () => {
  it('publishes, and the link opens to the same bundle; progress is reported', async () => {
    const b = bundle();
    const progress: number[] = [];
    const pub = await publishBundle(client, b, { onProgress: (p) => progress.push(p.loaded / p.total) });
    expect(pub.link).toBe(`${hub.url}/s/${pub.id}#k=${pub.key}`);
    expect(parseTraceLink(pub.link)).toEqual({ service: hub.url, id: pub.id, key: pub.key });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    const opened = await openTraceLink(pub.link);
    expect(opened.bundle).toEqual(b);
  });

  it('stats count views but not the author previewing', async () => {
    const pub = await publishBundle(client, bundle());
    await openTraceLink(pub.link);
    await openTraceLink(pub.link, { revokeToken: pub.revokeToken });
    const stats = await client.stats(pub.id, pub.revokeToken);
    expect(stats).toMatchObject({ id: pub.id, status: 'active', views: 1, questions: 0 });
  });

  it('questions and answers are encrypted with the clip key and read back', async () => {
    const pub = await publishBundle(client, bundle());
    const q = await client.ask(pub.id, pub.key, { t: 1234, text: 'Why did you rename it?' });
    clock.advance(1000); // the hub orders by time; on a frozen clock the tie would be broken at random
    await client.answer(pub.id, pub.key, pub.revokeToken, q.id, 'Because the old name lied.');
    const thread = await client.thread(pub.id, pub.key);
    expect(thread.map((m) => [m.kind, m.t, m.text])).toEqual([
      ['question', 1234, 'Why did you rename it?'],
      ['answer', null, 'Because the old name lied.'],
    ]);
    expect(thread[1]!.replyTo).toBe(q.id);
    // The hub never sees the text.
    const raw = await (await fetch(`${hub.url}/api/v1/links/${pub.id}/thread`)).text();
    expect(raw).not.toContain('rename');
    // Another key cannot read it, and says so per message.
    const other = await client.thread(pub.id, generateKey());
    expect(other[0]).toMatchObject({ text: null, problem: expect.stringContaining('does not open') });
    expect((await client.stats(pub.id, pub.revokeToken)).unanswered).toBe(0);
  });

  it('sets the expiry, then the link expires with the date in the message', async () => {
    const pub = await publishBundle(client, bundle(), { expiry: { expiresIn: 3600 } });
    const next = new Date(clock.t + 2 * support.DAY);
    const changed = await client.setExpiry(pub.id, pub.revokeToken, { expiresAt: next });
    expect(changed.expiresAt).toBe(next.toISOString());
    clock.advance(3 * support.DAY);
    const err = await failure(openTraceLink(pub.link));
    expect(err).toMatchObject({ code: 'link_expired' });
    expect(err.message).toBe(`This link expired on 3 January 2030, 00:00 UTC.`);
    expect((await client.stats(pub.id, pub.revokeToken)).status).toBe('expired');
  });

  it('revoked: its own message, and stats say so', async () => {
    const pub = await publishBundle(client, bundle());
    const { revokedAt } = await client.revoke(pub.id, pub.revokeToken);
    const err = await failure(openTraceLink(pub.link));
    expect(err).toMatchObject({ code: 'link_revoked' });
    expect(err.message).toMatch(/^This link was revoked by its author on .* UTC\.$/);
    expect(await client.stats(pub.id, pub.revokeToken)).toMatchObject({ status: 'revoked', revokedAt });
  });

  it.each<[string, () => Promise<unknown>, ShareErrorCode | string, RegExp]>([
    ['an unknown link', () => openTraceLink(`http://127.0.0.1:1/s/${'A'.repeat(22)}#k=${generateKey()}`.replace('127.0.0.1:1', new URL(hub.url).host)), 'not_found', /^Not found/],
    ['a wrong token', async () => client.revoke((await publishBundle(client, bundle())).id, 'x'.repeat(43)), 'bad_token', /Only this link's author/],
    ['an expiry too far', async () => {
      const p = await publishBundle(client, bundle());
      return client.setExpiry(p.id, p.revokeToken, { expiresIn: 10 * 365 * 24 * 3600 });
    }, 'bad_expiry', /Choose an expiry between/],
    ['an oversized upload', () => client.upload(new Uint8Array(300_000)), 'payload_too_large', /at most 195.3 KB/],
    ['a full thread', async () => {
      const p = await publishBundle(client, bundle());
      await client.ask(p.id, p.key, { t: 0, text: '1' });
      await client.ask(p.id, p.key, { t: 0, text: '2' });
      return client.ask(p.id, p.key, { t: 0, text: '3' });
    }, 'thread_full', /2 questions already/],
  ])('%s', async (_label, run, code, message) => {
    const err = await failure(run());
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('a tampered download, a truncated one and a wrong key each get their own message', async () => {
    const pub = await publishBundle(client, bundle());
    const good = await client.download(pub.id);
    const serve = (bytes: Uint8Array) => (async () => new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200 })) as typeof fetch;
    const tampered = good.slice();
    tampered[tampered.length - 5]! ^= 1;
    const messages = new Set<string>();
    for (const [bytes, link, code] of [
      [tampered, pub.link, 'tampered'],
      [good.slice(0, good.length - 10), pub.link, 'truncated'],
      [good, `${hub.url}/s/${pub.id}#k=${generateKey()}`, 'wrong_key'],
    ] as const) {
      const err = await failure(openTraceLink(link, { fetch: serve(bytes) }));
      expect(err.code).toBe(code);
      messages.add(err.message);
    }
    expect(messages.size).toBe(3);
  });

  it('the service down: unreachable, with the Settings hint', async () => {
    const down = new ShareClient({ service: 'http://127.0.0.1:9' });
    const err = await failure(down.upload(new Uint8Array(10)));
    expect(err.code).toBe('unreachable');
    expect(err.message).toBe(shareMessage('unreachable'));
    expect(err.message).toMatch(/check its URL in Settings/);
    const link = `http://127.0.0.1:9/s/${'A'.repeat(22)}#k=${generateKey()}`;
    expect((await failure(openTraceLink(link))).code).toBe('unreachable');
  });

  it('a server that is not the hub: bad_response, or unreachable for gateway errors', async () => {
    const html = (status: number) => (async () => new Response('<html>proxy</html>', { status })) as typeof fetch;
    expect((await failure(new ShareClient({ service: hub.url, fetch: html(200) }).stats('A'.repeat(22), 'x'))).code).toBe('bad_response');
    expect((await failure(new ShareClient({ service: hub.url, fetch: html(502) }).stats('A'.repeat(22), 'x'))).code).toBe('unreachable');
  });

  it('health', async () => {
    expect(await client.health()).toEqual({ ok: true, store: 'disk' });
  });

  it('an oversized bundle is refused before upload, with its size', async () => {
    const err = await failure(publishBundle(client, bundle(), { encode: { maxBytes: 100 } }));
    expect(err).toBeInstanceOf(BundleError);
    expect(err.message).toMatch(/^This clip is .* KB, more than the 100 B/);
  });

  it('every hub error code has a human message of its own kind', () => {
    const codes: ShareErrorCode[] = ['link_expired', 'link_revoked', 'not_found', 'unreachable', 'bad_response', 'bad_id', 'bad_expiry', 'bad_token', 'thread_full', 'payload_too_large', 'rate_limited', 'internal'];
    const messages = codes.map((c) => shareMessage(c, { expiredAt: '2030-01-31T00:00:00.000Z', limit: 5, retryAfter: 3 }));
    expect(new Set(messages).size).toBe(codes.length);
    expect(messages[0]).toBe('This link expired on 31 January 2030, 00:00 UTC.');
    expect(messages[1]).toBe('This link was revoked by its author.');
  });

  it('encodeBundle bytes upload as they are', async () => {
    const { bytes } = await encodeBundle(bundle());
    const up = await client.upload(bytes);
    expect(Buffer.from(await client.download(up.id, { revokeToken: up.revokeToken })).equals(Buffer.from(bytes))).toBe(true);
  });
});
