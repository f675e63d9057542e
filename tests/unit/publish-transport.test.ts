/**
 * The share service as extension pages reach it: ShareClient → backgroundFetch (a runtime message) → the
 * background's relay (entrypoints/background/questions.ts) → the real hub, started in-process. The runtime
 * message is short-circuited to the relay itself, JSON-serialised on the way as Chrome does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { backgroundFetch, shareClient } from '@/components/share/transport';
import { proxyShareFetch } from '@/entrypoints/background/questions';
import { bundleFromClip } from '@/lib/bundle';
import { clipEvents } from '@/lib/clip';
import { ShareFetchRequest } from '@/lib/published';
import { openTraceLink, publishBundle, ShareError } from '@/lib/share-client';
import { END, MOMENTS, NOTES, privacyTrace, REDACTIONS, START } from './clip-trace';

const HUB = path.resolve(import.meta.dirname, '../../hub');
let hub: { url: string; close(): Promise<void> };
let dataDir: string;

beforeAll(async () => {
  const support = (await import(/* @vite-ignore */ path.join(HUB, 'tests/support/hub.ts'))) as {
    startHub(store: unknown, clock: unknown): Promise<typeof hub>;
    TestClock: new () => unknown;
  };
  const stores = (await import(/* @vite-ignore */ path.join(HUB, 'src/store/index.ts'))) as { DiskStore: new (dir: string) => unknown };
  dataDir = await mkdtemp(path.join(tmpdir(), 'shadowtrace-transport-'));
  hub = await support.startHub(new stores.DiskStore(dataDir), new support.TestClock());
  fakeBrowser.runtime.sendMessage = (async (message: unknown) =>
    JSON.parse(JSON.stringify(await proxyShareFetch(ShareFetchRequest.parse(JSON.parse(JSON.stringify(message))))))) as never;
});

afterAll(async () => {
  await hub?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function bundle() {
  const clip = clipEvents(privacyTrace(), { start: START, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });
  return bundleFromClip(clip, { title: 'Through the background' });
}

describe('share requests relayed by the background', () => {
  it('publishes, opens, asks and answers with every byte through the relay', async () => {
    const client = shareClient(hub.url);
    const b = bundle();
    const pub = await publishBundle(client, b, { expiry: { expiresIn: 86400 } });
    const opened = await openTraceLink(pub.link, { fetch: backgroundFetch });
    expect(opened.bundle).toEqual(b);
    const q = await client.ask(pub.id, pub.key, { t: 120, text: 'Why here?' });
    await client.answer(pub.id, pub.key, pub.revokeToken, q.id, 'Because.');
    expect((await client.thread(pub.id, pub.key)).map((m) => m.text).sort()).toEqual(['Because.', 'Why here?']);
    expect(await client.stats(pub.id, pub.revokeToken)).toMatchObject({ views: 1, questions: 1, unanswered: 0 });
  });

  it('the hub\'s errors keep their codes; a stopped service is "unreachable"', async () => {
    const client = shareClient(hub.url);
    const pub = await publishBundle(client, bundle());
    await client.revoke(pub.id, pub.revokeToken);
    await expect(openTraceLink(pub.link, { fetch: backgroundFetch })).rejects.toMatchObject({ code: 'link_revoked' });
    const down = shareClient('http://127.0.0.1:9');
    await expect(down.health()).rejects.toBeInstanceOf(ShareError);
    await expect(down.health()).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('relays only share service API requests', async () => {
    expect(await proxyShareFetch({ type: 'shadowtrace/share-fetch', url: 'https://bank.example/transfer', method: 'POST', headers: {}, body: null })).toEqual({
      ok: false,
      message: 'That is not a share service address.',
    });
  });
});
