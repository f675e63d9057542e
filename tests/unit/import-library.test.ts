/** The library around imports: grouping, search, space used, and delete with undo (fake-indexeddb). */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteTrace, restoreTrace } from '@/components/library/deletion';
import { groupTraces, matchesQuery } from '@/components/library/grouping';
import { fullHint, quotaLine } from '@/components/library/storage';
import { ShadowtraceDB, type TraceRow } from '@/lib/db';

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
