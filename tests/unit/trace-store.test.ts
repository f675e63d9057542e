import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShadowtraceDB, PAGE_STRIDE, V1 } from '@/lib/db';
import { loadTraceEvents } from '@/lib/trace-export';
import { beginPage, endOrphanedTraces, endTracesOfTab, isQuotaError, storeBatch } from '@/lib/trace-store';

let db: ShadowtraceDB;
beforeEach(() => {
  db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const start = { tabId: 7, site: 'github.com', url: 'https://github.com/a', title: 'A', now: 1000 };
const batch = (traceId: string, page: number, seq: number, events: object[]) => ({
  type: 'trace/batch' as const,
  traceId,
  page,
  seq,
  firstIndex: seq * 10,
  count: events.length,
  startedAt: 1000 + seq,
  endedAt: 2000 + seq,
  fullSnapshot: seq === 0,
  url: 'https://github.com/a',
  title: 'A pull request',
  events: JSON.stringify(events),
});

describe('the trace store', () => {
  it('declares version 1 of the schema', () => {
    expect(db.verno).toBe(1);
    expect(Object.keys(V1).sort()).toEqual(['chunks', 'clips', 'moments', 'traces']);
  });

  it('continues a tab’s trace on the same site and starts a new one on another site', async () => {
    const a = await beginPage(db, start);
    const b = await beginPage(db, { ...start, url: 'https://github.com/b' });
    expect(b).toEqual({ traceId: a.traceId, page: 2, ended: [] });
    const c = await beginPage(db, { ...start, site: 'figma.com', url: 'https://figma.com/' });
    expect(c.traceId).not.toBe(a.traceId);
    expect(c.ended).toEqual([a.traceId]);
    expect((await db.traces.get(a.traceId))?.status).toBe('ended');
  });

  it('stores a batch as one compressed chunk, in order, and counts a resent batch once', async () => {
    const { traceId } = await beginPage(db, start);
    expect(await storeBatch(db, batch(traceId, 1, 1, [{ n: 2 }]), 'github.com')).toEqual({ ok: true });
    expect(await storeBatch(db, batch(traceId, 1, 0, [{ n: 0 }, { n: 1 }]), 'github.com')).toEqual({ ok: true });
    expect(await storeBatch(db, batch(traceId, 1, 0, [{ n: 0 }, { n: 1 }]), 'github.com')).toEqual({ ok: true });
    const trace = (await db.traces.get(traceId))!;
    expect(trace.eventCount).toBe(3);
    expect(trace.title).toBe('A pull request');
    expect(await db.chunks.count()).toBe(2);
    expect((await db.chunks.toArray()).map((c) => c.seq)).toEqual([PAGE_STRIDE, PAGE_STRIDE + 1]);
    expect(await loadTraceEvents(db, traceId)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('refuses a batch for another site’s trace', async () => {
    const { traceId } = await beginPage(db, start);
    const result = await storeBatch(db, batch(traceId, 1, 0, [{}]), 'evil.example');
    expect(result).toMatchObject({ ok: false, kind: 'rejected' });
    expect(await db.chunks.count()).toBe(0);
  });

  it('keeps a batch that arrives after its tab closed', async () => {
    const { traceId } = await beginPage(db, start);
    await endTracesOfTab(db, 7);
    expect(await storeBatch(db, batch(traceId, 1, 0, [{ late: true }]), 'github.com')).toEqual({ ok: true });
    expect(await loadTraceEvents(db, traceId)).toEqual([{ late: true }]);
  });

  it('ends traces whose tabs are gone after a restart', async () => {
    const { traceId } = await beginPage(db, start);
    await endOrphanedTraces(db, new Set([1, 2]));
    expect((await db.traces.get(traceId))?.status).toBe('ended');
  });

  it.each([
    [Object.assign(new Error('x'), { name: 'QuotaExceededError' }), true],
    [Object.assign(new Error('abort'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } }), true],
    [new Error('other'), false],
    ['text', false],
  ])('recognises a full disk (%#)', (error, quota) => {
    expect(isQuotaError(error)).toBe(quota);
  });
});
