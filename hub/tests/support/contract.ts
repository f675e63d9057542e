import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/store/index.ts';
import {
  auth,
  b64,
  DAY,
  json,
  randomBytes,
  SECOND,
  startHub,
  T0,
  TestClock,
  unb64,
  upload,
  uploadOk,
  type RunningHub,
} from './hub.ts';
import { newSpace, type StoreBackend } from './stores.ts';

/** Deep equality over 200 kB is slow in expect(); compare bytes and report sizes. */
function expectSameBytes(actual: ArrayBuffer | Uint8Array, expected: Uint8Array): void {
  const a = Buffer.from(actual instanceof ArrayBuffer ? new Uint8Array(actual) : actual);
  expect(a.byteLength).toBe(expected.byteLength);
  expect(a.equals(expected)).toBe(true);
}

/** The behaviour every store must give the hub: the same suite runs over the disk store and over S3 (s3rver). */
export function hubContract(backend: StoreBackend): void {
  describe(`hub over the ${backend.name} store`, () => {
    let space: string;
    let clock: TestClock;
    let running: RunningHub[];

    const openStore = (): ObjectStore => backend.open(space);
    const start = async (overrides?: Parameters<typeof startHub>[2]) => {
      const hub = await startHub(openStore(), clock, overrides);
      running.push(hub);
      return hub;
    };

    beforeAll(() => backend.start());
    afterAll(() => backend.stop());
    beforeEach(() => {
      space = newSpace();
      clock = new TestClock();
      running = [];
    });
    afterEach(async () => {
      await Promise.all(running.map((h) => h.close()));
    });

    it('round-trips an uploaded bundle byte for byte, with a 30-day default expiry', async () => {
      const { url } = await start();
      const bytes = randomBytes(200_000);
      const created = await uploadOk(url, bytes);
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(created.revokeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.expiresAt).toBe(new Date(T0 + 30 * DAY).toISOString());
      expect(created.url).toBe(`${url}/s/${created.id}`);

      const res = await fetch(`${url}/api/v1/links/${created.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expectSameBytes(await res.arrayBuffer(), bytes);
    });

    it('stores the ciphertext as sent and only a hash of the revoke token', async () => {
      const { url, store } = await start();
      const bytes = randomBytes(1000);
      const { id, revokeToken } = await uploadOk(url, bytes);
      const keys = await store.list('links/');
      expect(keys.sort()).toEqual([`links/${id}/content/bundle`, `links/${id}/meta.json`]);
      expectSameBytes((await store.get(`links/${id}/content/bundle`))!, bytes);
      const meta = Buffer.from((await store.get(`links/${id}/meta.json`))!).toString('utf8');
      expect(meta).not.toContain(revokeToken);
      expect(JSON.parse(meta).tokenHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('tells an unknown id (404) from a malformed one (400) and an unknown route', async () => {
      const { url } = await start();
      let res = await fetch(`${url}/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA`);
      expect(res.status).toBe(404);
      expect(await json(res)).toMatchObject({ error: 'not_found' });
      res = await fetch(`${url}/api/v1/links/not..an-id`);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ error: 'bad_id' });
      res = await fetch(`${url}/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA/thread`);
      expect((await json(res)).error).toBe('not_found');
      res = await fetch(`${url}/api/v1/nothing`);
      expect(res.status).toBe(404);
      expect(await json(res)).toMatchObject({ error: 'no_route' });
      res = await fetch(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('refuses uploads over the size limit with 413, declared or streamed, and accepts one at the limit', async () => {
      const { url } = await start({ maxUploadBytes: 4096 });
      expect((await upload(url, randomBytes(4096))).res.status).toBe(201);

      const declared = await upload(url, randomBytes(4097));
      expect(declared.res.status).toBe(413);
      expect(declared.body).toMatchObject({ error: 'payload_too_large', limit: 4096 });

      // Chunked, so the service only learns the size while reading.
      const chunks = [randomBytes(3000), randomBytes(3000), randomBytes(3000)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const res = await fetch(`${url}/api/v1/links`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
      expect(res.status).toBe(413);
      expect(await json(res)).toMatchObject({ error: 'payload_too_large' });
      // Nothing of the refused uploads was stored.
      expect(await running[0]!.store.listFolders('links/')).toHaveLength(1);
    });

    it('rate-limits each client with a token bucket and says when to retry (429)', async () => {
      const { url } = await start({ rateLimit: { burst: 3, perSecond: 0.5 } });
      const id = 'AAAAAAAAAAAAAAAAAAAAAA';
      for (let i = 0; i < 3; i++) expect((await fetch(`${url}/api/v1/links/${id}`)).status).toBe(404);
      let res = await fetch(`${url}/api/v1/links/${id}`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await json(res)).toMatchObject({ error: 'rate_limited', retryAfter: 2 });
      // Health checks from the load balancer are not limited.
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      clock.advance(2 * SECOND);
      expect((await fetch(`${url}/api/v1/links/${id}`)).status).toBe(404);
      expect((await fetch(`${url}/api/v1/links/${id}`)).status).toBe(429);
    });

    it('honours expiry on every read, with 410 link_expired distinct from revoked and not found', async () => {
      const { url } = await start();
      const custom = await uploadOk(url, randomBytes(10), '?expiresIn=3600');
      expect(custom.expiresAt).toBe(new Date(T0 + 3600 * SECOND).toISOString());
      const byDefault = await uploadOk(url);
      const at = await uploadOk(url, randomBytes(10), '?expiresAt=2030-01-02T00:00:00Z');
      expect(at.expiresAt).toBe('2030-01-02T00:00:00.000Z');

      clock.advance(3600 * SECOND - 1);
      expect((await fetch(`${url}/api/v1/links/${custom.id}`)).status).toBe(200);
      clock.advance(1);
      let res = await fetch(`${url}/api/v1/links/${custom.id}`);
      expect(res.status).toBe(410);
      expect(await json(res)).toMatchObject({ error: 'link_expired', expiredAt: custom.expiresAt });
      res = await fetch(`${url}/api/v1/links/${custom.id}/thread`);
      expect((await json(res)).error).toBe('link_expired');
      res = await fetch(`${url}/api/v1/links/${custom.id}/questions`, { method: 'POST', body: JSON.stringify({ blob: b64('q') }) });
      expect((await json(res)).error).toBe('link_expired');
      expect((await fetch(`${url}/s/${custom.id}`)).status).toBe(410);
      // An expired link cannot be brought back.
      res = await fetch(`${url}/api/v1/links/${custom.id}`, {
        method: 'PATCH',
        headers: auth(custom.revokeToken),
        body: JSON.stringify({ expiresIn: 3600 }),
      });
      expect(res.status).toBe(410);
      // The author still sees it, as expired.
      res = await fetch(`${url}/api/v1/links/${custom.id}/stats`, { headers: auth(custom.revokeToken) });
      expect(await json(res)).toMatchObject({ status: 'expired' });

      clock.advance(30 * DAY - 3600 * SECOND - 1);
      expect((await fetch(`${url}/api/v1/links/${byDefault.id}`)).status).toBe(200);
      clock.advance(1);
      expect((await json(await fetch(`${url}/api/v1/links/${byDefault.id}`))).error).toBe('link_expired');
      expect((await json(await fetch(`${url}/api/v1/links/${at.id}`))).error).toBe('link_expired');
    });

    it('lets only the revoke token change the expiry, within bounds', async () => {
      const { url } = await start();
      const link = await uploadOk(url, randomBytes(10), '?expiresIn=3600');
      const patch = (body: unknown, headers: Record<string, string> = auth(link.revokeToken)) =>
        fetch(`${url}/api/v1/links/${link.id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });

      let res = await patch({ expiresIn: 7 * 24 * 3600 }, {});
      expect(res.status).toBe(401);
      expect((await json(res)).error).toBe('token_required');
      res = await patch({ expiresIn: 7 * 24 * 3600 }, auth('x'.repeat(43)));
      expect(res.status).toBe(403);
      expect((await json(res)).error).toBe('bad_token');
      res = await patch({ expiresIn: 400 * 24 * 3600 });
      expect(res.status).toBe(400);
      expect((await json(res)).error).toBe('bad_expiry');
      res = await patch({});
      expect((await json(res)).error).toBe('bad_expiry');

      res = await patch({ expiresIn: 7 * 24 * 3600 });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ id: link.id, expiresAt: new Date(T0 + 7 * DAY).toISOString() });
      clock.advance(2 * 3600 * SECOND);
      expect((await fetch(`${url}/api/v1/links/${link.id}`)).status).toBe(200);

      // Shortening works too.
      res = await patch({ expiresAt: new Date(clock.t + 120 * SECOND).toISOString() });
      expect(res.status).toBe(200);
      clock.advance(121 * SECOND);
      expect((await json(await fetch(`${url}/api/v1/links/${link.id}`))).error).toBe('link_expired');
    });

    it('revokes with the right token only, then answers 410 link_revoked everywhere', async () => {
      const { url, store } = await start();
      const link = await uploadOk(url);
      await fetch(`${url}/api/v1/links/${link.id}/questions`, { method: 'POST', body: JSON.stringify({ blob: b64('q') }) });
      const del = (headers: Record<string, string>) => fetch(`${url}/api/v1/links/${link.id}`, { method: 'DELETE', headers });

      let res = await del(auth(link.revokeToken.slice(0, -1) + (link.revokeToken.endsWith('A') ? 'B' : 'A')));
      expect(res.status).toBe(403);
      expect((await json(res)).error).toBe('bad_token');
      res = await del({});
      expect(res.status).toBe(401);
      res = await del({ Authorization: 'Basic Zm9vOmJhcg==' });
      expect(res.status).toBe(403);
      expect((await fetch(`${url}/api/v1/links/${link.id}`)).status).toBe(200);

      res = await del(auth(link.revokeToken));
      expect(res.status).toBe(200);
      const revoked = await json(res);
      expect(revoked).toEqual({ id: link.id, revoked: true, revokedAt: new Date(T0).toISOString() });

      res = await fetch(`${url}/api/v1/links/${link.id}`);
      expect(res.status).toBe(410);
      expect(await json(res)).toMatchObject({ error: 'link_revoked', revokedAt: revoked.revokedAt });
      expect((await json(await fetch(`${url}/api/v1/links/${link.id}/thread`))).error).toBe('link_revoked');
      expect((await fetch(`${url}/s/${link.id}`)).status).toBe(410);
      res = await fetch(`${url}/api/v1/links/${link.id}`, {
        method: 'PATCH',
        headers: auth(link.revokeToken),
        body: JSON.stringify({ expiresIn: 3600 }),
      });
      expect((await json(res)).error).toBe('link_revoked');
      // Content (bundle, views, thread) is gone from the store; the record stays so the link says "revoked".
      expect(await store.list(`links/${link.id}/content/`)).toEqual([]);
      // Revoking again is harmless and keeps the first time.
      clock.advance(SECOND);
      res = await del(auth(link.revokeToken));
      expect(await json(res)).toEqual(revoked);
      res = await fetch(`${url}/api/v1/links/${link.id}/stats`, { headers: auth(link.revokeToken) });
      expect(await json(res)).toMatchObject({ status: 'revoked', views: 0, questions: 0 });
    });

    it('keeps a thread: anyone with the id asks, only the author answers, the author sees counts', async () => {
      const { url } = await start();
      const link = await uploadOk(url);
      const ask = (text: string) =>
        fetch(`${url}/api/v1/links/${link.id}/questions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ blob: b64(text) }),
        });
      const answer = (qid: string, text: string, headers: Record<string, string>) =>
        fetch(`${url}/api/v1/links/${link.id}/questions/${qid}/answers`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ blob: b64(text) }),
        });

      let res = await ask('why undo here?');
      expect(res.status).toBe(201);
      const q1 = await json(res);
      expect(q1).toEqual({ id: expect.stringMatching(/^\d{13}-[0-9a-f]{12}$/), createdAt: new Date(T0).toISOString() });
      clock.advance(SECOND);
      const q2 = await json(await ask('and this pause?'));

      res = await answer(q1.id, 'because', {});
      expect(res.status).toBe(401);
      res = await answer(q1.id, 'because', auth('y'.repeat(43)));
      expect(res.status).toBe(403);
      res = await answer('0000000000000-000000000000', 'because', auth(link.revokeToken));
      expect(res.status).toBe(404);
      expect((await json(res)).error).toBe('question_not_found');
      res = await answer('nope', 'because', auth(link.revokeToken));
      expect(res.status).toBe(400);
      expect((await json(res)).error).toBe('bad_question_id');

      clock.advance(SECOND);
      res = await answer(q1.id, 'the first try broke the layout', auth(link.revokeToken));
      expect(res.status).toBe(201);
      const a1 = await json(res);
      expect(a1).toMatchObject({ replyTo: q1.id });

      res = await fetch(`${url}/api/v1/links/${link.id}/thread`);
      expect(res.status).toBe(200);
      const thread = await json(res);
      expect(thread.id).toBe(link.id);
      expect(thread.messages.map((m: any) => [m.kind, m.id, m.replyTo, unb64(m.blob)])).toEqual([
        ['question', q1.id, undefined, 'why undo here?'],
        ['question', q2.id, undefined, 'and this pause?'],
        ['answer', a1.id, q1.id, 'the first try broke the layout'],
      ]);
      expect(thread.messages[2].createdAt).toBe(new Date(T0 + 2 * SECOND).toISOString());

      await fetch(`${url}/api/v1/links/${link.id}`);
      await fetch(`${url}/api/v1/links/${link.id}`);
      // The author's own preview is not a view.
      expect((await fetch(`${url}/api/v1/links/${link.id}`, { headers: auth(link.revokeToken) })).status).toBe(200);
      res = await fetch(`${url}/api/v1/links/${link.id}/stats`, { headers: auth(link.revokeToken) });
      expect(await json(res)).toMatchObject({ status: 'active', views: 2, questions: 2, unanswered: 1, size: 256 });
      expect((await fetch(`${url}/api/v1/links/${link.id}/stats`)).status).toBe(401);
    });

    it('refuses malformed requests with 400s that name the problem', async () => {
      const { url } = await start({ maxMessageBytes: 100 });
      const link = await uploadOk(url);
      const post = (body: string) => fetch(`${url}/api/v1/links/${link.id}/questions`, { method: 'POST', body });

      expect(await json(await post('{not json'))).toMatchObject({ error: 'bad_json' });
      expect(await json(await post('[1,2]'))).toMatchObject({ error: 'bad_json' });
      expect(await json(await post('{}'))).toMatchObject({ error: 'bad_blob' });
      expect(await json(await post('{"blob":"not base64!"}'))).toMatchObject({ error: 'bad_blob' });
      expect(await json(await post('{"blob":""}'))).toMatchObject({ error: 'bad_blob' });
      let res = await post(JSON.stringify({ blob: Buffer.from(randomBytes(101)).toString('base64') }));
      expect(res.status).toBe(413);
      expect(await json(res)).toMatchObject({ error: 'payload_too_large', limit: 100 });
      res = await post(JSON.stringify({ blob: 'x'.repeat(5000) }));
      expect(res.status).toBe(413);

      expect((await upload(url, new Uint8Array(0))).body).toMatchObject({ error: 'empty_body' });
      for (const query of ['?expiresIn=soon', '?expiresIn=1', '?expiresAt=tomorrow', '?expiresIn=60&expiresAt=2030-01-02T00:00:00Z']) {
        const { res: r, body } = await upload(url, randomBytes(10), query);
        expect([r.status, body.error]).toEqual([400, 'bad_expiry']);
      }
      res = await fetch(`${url}/api/v1/links/${link.id}`, { method: 'PUT', body: 'x' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE');
      expect(await json(res)).toMatchObject({ error: 'method_not_allowed' });
      res = await fetch(`${url}/api/v1/links/${link.id}`, { method: 'PATCH', headers: auth(link.revokeToken), body: 'nope' });
      expect(await json(res)).toMatchObject({ error: 'bad_json' });
      // Nothing malformed reached the thread.
      expect((await json(await fetch(`${url}/api/v1/links/${link.id}/thread`))).messages).toEqual([]);
    });

    it('behaves as one service across two instances over one store', async () => {
      const a = await start();
      const b = await start();
      const bytes = randomBytes(5000);
      const link = await uploadOk(a.url, bytes);

      const res = await fetch(`${b.url}/api/v1/links/${link.id}`);
      expectSameBytes(await res.arrayBuffer(), bytes);

      // Concurrent writes through both instances lose nothing (no read-modify-write of a shared counter).
      const asks = Array.from({ length: 12 }, (_, i) =>
        fetch(`${(i % 2 ? a : b).url}/api/v1/links/${link.id}/questions`, {
          method: 'POST',
          body: JSON.stringify({ blob: b64(`q${i}`) }),
        }),
      );
      const views = Array.from({ length: 8 }, (_, i) => fetch(`${(i % 2 ? a : b).url}/api/v1/links/${link.id}`));
      for (const r of await Promise.all([...asks, ...views])) expect(r.status).toBeLessThan(300);
      const thread = await json(await fetch(`${a.url}/api/v1/links/${link.id}/thread`));
      expect(thread.messages.map((m: any) => unb64(m.blob)).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `q${i}`).sort());
      let stats = await json(await fetch(`${b.url}/api/v1/links/${link.id}/stats`, { headers: auth(link.revokeToken) }));
      expect(stats).toMatchObject({ views: 9, questions: 12, unanswered: 12 });

      // The author answers through B; A shows it.
      const qid = thread.messages[0].id;
      await fetch(`${b.url}/api/v1/links/${link.id}/questions/${qid}/answers`, {
        method: 'POST',
        headers: auth(link.revokeToken),
        body: JSON.stringify({ blob: b64('answer') }),
      });
      stats = await json(await fetch(`${a.url}/api/v1/links/${link.id}/stats`, { headers: auth(link.revokeToken) }));
      expect(stats).toMatchObject({ questions: 12, unanswered: 11 });

      // An expiry change through A holds on B; a revoke through B holds on A.
      await fetch(`${a.url}/api/v1/links/${link.id}`, {
        method: 'PATCH',
        headers: auth(link.revokeToken),
        body: JSON.stringify({ expiresIn: 600 }),
      });
      clock.advance(601 * SECOND);
      expect((await json(await fetch(`${b.url}/api/v1/links/${link.id}`))).error).toBe('link_expired');

      const other = await uploadOk(b.url);
      await fetch(`${b.url}/api/v1/links/${other.id}`, { method: 'DELETE', headers: auth(other.revokeToken) });
      expect((await json(await fetch(`${a.url}/api/v1/links/${other.id}`))).error).toBe('link_revoked');
    });

    it('sweeps the content of expired and revoked links, then forgets them after the retention', async () => {
      const { url, hub, store } = await start({ tombstoneRetentionMs: 10 * DAY });
      const expiring = await uploadOk(url, randomBytes(10), '?expiresIn=3600');
      const revoked = await uploadOk(url);
      const alive = await uploadOk(url);
      await fetch(`${url}/api/v1/links/${expiring.id}/questions`, { method: 'POST', body: JSON.stringify({ blob: b64('q') }) });
      await fetch(`${url}/api/v1/links/${revoked.id}`, { method: 'DELETE', headers: auth(revoked.revokeToken) });

      expect(await hub.links.sweep()).toEqual({ cleared: 0, purged: 0 });
      clock.advance(2 * 3600 * SECOND);
      expect(await hub.links.sweep()).toEqual({ cleared: 1, purged: 0 });
      expect(await store.list(`links/${expiring.id}/content/`)).toEqual([]);
      expect((await json(await fetch(`${url}/api/v1/links/${expiring.id}`))).error).toBe('link_expired');
      expect((await fetch(`${url}/api/v1/links/${alive.id}`)).status).toBe(200);

      clock.advance(10 * DAY);
      expect(await hub.links.sweep()).toEqual({ cleared: 0, purged: 2 });
      expect((await json(await fetch(`${url}/api/v1/links/${expiring.id}`))).error).toBe('not_found');
      expect((await json(await fetch(`${url}/api/v1/links/${revoked.id}`))).error).toBe('not_found');
      expect(await store.listFolders('links/')).toEqual([alive.id]);
    });

    it('reports the store in /healthz', async () => {
      const { url } = await start();
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ ok: true, store: backend.name });
    });
  });
}
