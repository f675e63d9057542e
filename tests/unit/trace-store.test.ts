import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShadowtraceDB, PAGE_STRIDE, V2 } from '@/lib/db';
import { loadTraceEvents } from '@/lib/trace-export';
import { beginPage, endOrphanedTraces, endTracesOfTab, isQuotaError, storeBatch, STORAGE_FULL } from '@/lib/trace-store';
import { fullSnapshot, input, meta } from './snapshot-fixture';

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
  it('declares version 2 of the schema', () => {
    expect(db.verno).toBe(2);
    expect(Object.keys(V2).sort()).toEqual(['assets', 'chunks', 'clips', 'moments', 'traces']);
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

describe('snapshots share their styles and images', () => {
  const snapshotBatch = (traceId: string, page: number, seq: number, events: object[]) => ({
    ...batch(traceId, page, seq, events),
    fullSnapshot: events.some((e) => (e as { type: number }).type === 2),
    firstIndex: 0,
  });
  const sum = async () => {
    const traces = await db.traces.toArray();
    const chunks = await db.chunks.toArray();
    const assets = await db.assets.toArray();
    return {
      counted: traces.reduce((n, t) => n + t.bytes, 0),
      stored: chunks.reduce((n, c) => n + c.data.byteLength, 0) + assets.reduce((n, a) => n + a.data.byteLength, 0),
    };
  };

  it('stores each stylesheet and image once, across snapshots and traces of a site, and counts its bytes once', async () => {
    const a = await beginPage(db, start);
    await storeBatch(db, snapshotBatch(a.traceId, 1, 0, [meta(1), fullSnapshot(2, 1)]), 'github.com');
    const afterFirst = (await db.traces.get(a.traceId))!.bytes;
    await storeBatch(db, snapshotBatch(a.traceId, 1, 1, [input(3, 'x'), fullSnapshot(4, 40)]), 'github.com');
    const b = await beginPage(db, { ...start, tabId: 8 });
    await storeBatch(db, snapshotBatch(b.traceId, 1, 0, [meta(5), fullSnapshot(6, 1, { text: 'other tab' })]), 'github.com');
    expect(await db.assets.count()).toBe(3);
    expect(new Set((await db.assets.toArray()).map((x) => x.owner))).toEqual(new Set([a.traceId]));
    const later = (await db.traces.get(a.traceId))!.bytes - afterFirst;
    const laterChunk = (await db.chunks.get([a.traceId, PAGE_STRIDE + 1]))!.data.byteLength;
    expect(later).toBe(laterChunk);
    expect(laterChunk * 3).toBeLessThan(afterFirst);
    const { counted, stored } = await sum();
    expect(counted).toBe(stored);
    expect(await loadTraceEvents(db, b.traceId)).toEqual([meta(5), fullSnapshot(6, 1, { text: 'other tab' })]);
  });

  it('writes nothing when the disk is full while adding a new asset, and says so', async () => {
    const { traceId } = await beginPage(db, start);
    const before = await db.traces.get(traceId);
    const full = vi.spyOn(db.assets, 'bulkAdd').mockImplementation(() => {
      throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    });
    const result = await storeBatch(db, snapshotBatch(traceId, 1, 0, [meta(1), fullSnapshot(2, 1)]), 'github.com');
    expect(result).toEqual({ ok: false, kind: 'quota', message: STORAGE_FULL });
    expect(await db.chunks.count()).toBe(0);
    expect(await db.assets.count()).toBe(0);
    expect(await db.traces.get(traceId)).toEqual(before);
    full.mockRestore();
    expect(await storeBatch(db, snapshotBatch(traceId, 1, 0, [meta(1), fullSnapshot(2, 1)]), 'github.com')).toEqual({ ok: true });
    const { counted, stored } = await sum();
    expect(counted).toBe(stored);
  });
});
