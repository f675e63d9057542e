import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShadowtraceDB } from '@/lib/db';
import { momentsAreStale, recomputeMoments } from '@/lib/moments-store';
import { beginPage, storeBatch } from '@/lib/trace-store';

let db: ShadowtraceDB;
beforeEach(() => {
  db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const history = (t: number, action: 'undo' | 'redo') => ({
  type: 5,
  timestamp: t,
  data: { tag: 'shadowtrace/history', payload: { action, source: 'key', target: -1 } },
});
const bookmark = (t: number) => ({ type: 5, timestamp: t, data: { tag: 'shadowtrace/bookmark', payload: { word: 'here' } } });

async function traceWith(events: object[], tabId = 1) {
  const { traceId } = await beginPage(db, { tabId, site: 'a.b', url: 'https://a.b/', title: 'T', now: 0 });
  await storeBatch(
    db,
    {
      type: 'trace/batch',
      traceId,
      page: 1,
      seq: 0,
      firstIndex: 0,
      count: events.length,
      startedAt: 0,
      endedAt: 1,
      fullSnapshot: false,
      url: '',
      title: '',
      events: JSON.stringify(events),
    },
    'a.b',
  );
  return traceId;
}

describe('stored moments', () => {
  it('are replaced as a whole on every recompute, with the summary and threshold on the trace', async () => {
    const traceId = await traceWith([bookmark(1000), bookmark(50_000)]);
    const first = await recomputeMoments(db, traceId);
    const again = await recomputeMoments(db, traceId);
    expect(again.map((m) => m.id)).toEqual(first.map((m) => m.id));
    expect(await db.moments.where('traceId').equals(traceId).count()).toBe(first.length);
    const trace = (await db.traces.get(traceId))!;
    expect(trace.summary).toMatch(/2 bookmarks/);
    expect(trace.momentsUpTo).toBe(50_000);
    expect(typeof trace.pauseThresholdMs).toBe('number');
  });

  it.each([
    [{ endedAt: 20_000, momentsUpTo: 10_000 }, false],
    [{ endedAt: 30_000, momentsUpTo: 10_000 }, true],
    [{ endedAt: 30_000 }, true],
  ])('staleness of %o is %s', (trace, stale) => {
    expect(momentsAreStale(trace)).toBe(stale);
  });

  it('leaves other traces’ moments alone', async () => {
    const a = await traceWith([history(1000, 'undo')]);
    await recomputeMoments(db, a);
    const before = await db.moments.count();
    const b = await traceWith([bookmark(5)], 2);
    expect(b).not.toBe(a);
    await recomputeMoments(db, b);
    expect(await db.moments.where('traceId').equals(a).count()).toBe(before);
  });
});
