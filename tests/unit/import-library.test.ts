/** The library around imports: grouping, search, space used, and delete with undo (fake-indexeddb). */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteTrace, restoreTrace } from '@/components/library/deletion';
import { groupTraces, matchesQuery } from '@/components/library/grouping';
import { fullHint, quotaLine } from '@/components/library/storage';
import { ShadowtraceDB, type TraceRow } from '@/lib/db';
import { loadTraceEvents } from '@/lib/trace-export';
import { beginPage, storeBatch } from '@/lib/trace-store';
import { fullSnapshot, meta } from './snapshot-fixture';

const row = (id: string, site: string, startedAt: number, title = id): TraceRow => ({
  id,
  site,
  url: `https://${site}/`,
  title,
  startedAt,
  endedAt: startedAt + 60_000,
  status: 'ended',
  tabId: null,
  pages: 1,
  eventCount: 3,
  bytes: 100,
  problem: null,
  source: 'recorded',
});

const day = (d: number, h: number) => new Date(2026, 10, d, h).getTime();

describe('the library groups traces by day, then site, newest first', () => {
  it('orders days and the sites within them by their newest trace', () => {
    const traces = [
      row('a', 'github.com', day(25, 9)),
      row('b', 'docs.example.com', day(27, 8)),
      row('c', 'github.com', day(27, 10)),
      row('d', 'docs.example.com', day(27, 11)),
      row('e', 'github.com', day(26, 15)),
    ];
    const groups = groupTraces(traces, day(27, 18));
    expect(groups.map((g) => [g.label, g.sites.map((s) => [s.site, s.traces.map((t) => t.id)])])).toEqual([
      ['Today', [['docs.example.com', ['d', 'b']], ['github.com', ['c']]]],
      ['Yesterday', [['github.com', ['e']]]],
      [expect.stringMatching(/25/), [['github.com', ['a']]]],
    ]);
  });

  it.each([
    ['', true],
    ['review', true],
    ['REVIEW', true],
    ['github', true],
    ['github review', true],
    ['gitlab', false],
    ['review gitlab', false],
  ])('search %j matches title or site: %s', (query, matches) => {
    expect(matchesQuery({ title: 'Code review for #12', site: 'github.com' }, query)).toBe(matches);
  });
});

describe('space used', () => {
  it.each([
    [{ usage: 0, quota: 10 * 1024 ** 3 }, /uses 0 B of the 10\.0 GB .*\(0%\)/, null],
    [{ usage: 5 * 1024 ** 2, quota: 10 * 1024 ** 3 }, /5\.0 MB of the 10\.0 GB .*\(under 1%\)/, null],
    [{ usage: 7.9e9, quota: 1e10 }, /\(79%\)/, null],
    [{ usage: 8.1e9, quota: 1e10 }, /\(81%\)/, /Storage is 81% full/],
  ])('%j', (estimate, line, hint) => {
    expect(quotaLine(estimate)).toMatch(line);
    const h = fullHint(estimate);
    if (hint) expect(h).toMatch(hint);
    else expect(h).toBeNull();
  });
});

describe('delete and undo', () => {
  let db: ShadowtraceDB;
  beforeEach(() => {
    db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  async function seed(id: string) {
    await db.traces.add({ ...row(id, 'github.com', 1000), summary: '2 pauses' } as TraceRow);
    await db.chunks.bulkAdd([0, 1].map((n) => ({ traceId: id, seq: 1_000_000 + n, page: 1, firstIndex: n, count: 1, startedAt: n, endedAt: n, fullSnapshot: n === 0, rawBytes: 3, data: new Uint8Array([n, 2, 3]) })));
    await db.moments.add({ id: `${id}-m`, traceId: id, t: 5, kind: 'pause', duration: 2000, detail: {} });
    await db.clips.add({ id: `${id}-c`, traceId: id, start: 1, end: 2, createdAt: 3, notes: [], redactions: [], published: null });
  }
  const everything = async () => ({
    traces: await db.traces.toArray(),
    chunks: await db.chunks.toArray(),
    moments: await db.moments.toArray(),
    clips: await db.clips.toArray(),
  });

  it('removes a trace with its chunks, moments and clips, and leaves other traces alone', async () => {
    await seed('a');
    await seed('b');
    const deleted = await deleteTrace(db, 'a');
    expect(deleted?.chunks).toHaveLength(2);
    const left = await everything();
    expect(left.traces.map((t) => t.id)).toEqual(['b']);
    expect([...left.chunks, ...left.moments, ...left.clips].every((r) => r.traceId === 'b')).toBe(true);
  });

  it('restores exactly what was deleted, fields it does not know included', async () => {
    await seed('a');
    const before = await everything();
    const deleted = await deleteTrace(db, 'a');
    await restoreTrace(db, deleted!);
    expect(await everything()).toEqual(before);
  });

  it('deleting a trace that is already gone does nothing', async () => {
    expect(await deleteTrace(db, 'missing')).toBeNull();
  });
});

describe('delete and undo with styles and images shared between traces', () => {
  let db: ShadowtraceDB;
  beforeEach(() => {
    db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  /** Two traces of one site whose snapshots show the same stylesheets and image; `a` stored them first. */
  async function twoTraces(): Promise<{ a: string; b: string }> {
    const ids: string[] = [];
    for (const tabId of [1, 2]) {
      const { traceId } = await beginPage(db, { tabId, site: 'github.com', url: 'https://github.com/', title: 'T', now: tabId });
      const events = [meta(tabId), fullSnapshot(tabId + 1, 1, { text: `tab ${tabId}` })];
      const batch = { type: 'trace/batch' as const, traceId, page: 1, seq: 0, firstIndex: 0, count: 2, startedAt: 1, endedAt: 2, fullSnapshot: true, url: '', title: '', events: JSON.stringify(events) };
      expect(await storeBatch(db, batch, 'github.com')).toEqual({ ok: true });
      ids.push(traceId);
    }
    return { a: ids[0]!, b: ids[1]! };
  }
  const everything = async () => ({
    traces: await db.traces.toArray(),
    chunks: await db.chunks.toArray(),
    assets: await db.assets.toArray(),
  });
  /** What the library shows in all equals what is stored: every asset counted once, by a trace that shows it. */
  async function expectHonestTotals() {
    const { traces, chunks, assets } = await everything();
    const counted = traces.reduce((n, t) => n + t.bytes, 0);
    const stored = chunks.reduce((n, c) => n + c.data.byteLength, 0) + assets.reduce((n, x) => n + x.data.byteLength, 0);
    expect(counted).toBe(stored);
    for (const asset of assets) expect(chunks.some((c) => c.traceId === asset.owner && c.assets?.includes(asset.hash))).toBe(true);
  }

  it('keeps what the other trace still shows, hands its bytes over, and undo takes them back exactly', async () => {
    const { a, b } = await twoTraces();
    const before = await everything();
    expect(before.assets.map((x) => x.owner)).toEqual([a, a, a]);
    const deleted = await deleteTrace(db, a);
    expect(deleted!.assets).toHaveLength(3);
    const after = await everything();
    expect(after.assets.map((x) => x.owner)).toEqual([b, b, b]);
    await expectHonestTotals();
    expect(await loadTraceEvents(db, b)).toEqual([meta(2), fullSnapshot(3, 1, { text: 'tab 2' })]);
    await restoreTrace(db, deleted!);
    expect(await everything()).toEqual(before);
  });

  it('drops an asset when the last trace showing it goes, and brings it back with either undo', async () => {
    const { a, b } = await twoTraces();
    const before = await everything();
    const deletedB = await deleteTrace(db, b);
    expect(await db.assets.count()).toBe(3);
    await expectHonestTotals();
    const deletedA = await deleteTrace(db, a);
    expect(await everything()).toEqual({ traces: [], chunks: [], assets: [] });
    // Undo in the other order: b first, although a owned the assets when it was deleted.
    await restoreTrace(db, deletedB!);
    await expectHonestTotals();
    expect(await loadTraceEvents(db, b)).toEqual([meta(2), fullSnapshot(3, 1, { text: 'tab 2' })]);
    await restoreTrace(db, deletedA!);
    await expectHonestTotals();
    expect(await everything()).toEqual(before);
  });
});
