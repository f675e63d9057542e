import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACT_SPAN_MS, compactChunks, joinArrays, runToMerge } from '@/lib/chunk-compaction';
import { decompressText } from '@/lib/chunk-codec';
import { encodeTextDeltas } from '@/lib/text-deltas';
import { ShadowtraceDB, type ChunkRow } from '@/lib/db';
import { loadTraceEvents } from '@/lib/trace-export';
import { beginPage, storeBatch } from '@/lib/trace-store';

let db: ShadowtraceDB;
beforeEach(() => {
  db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const row = (seq: number, firstIndex: number, count: number, startedAt: number, endedAt: number, extra: Partial<ChunkRow> = {}): ChunkRow => ({
  traceId: 't',
  seq,
  page: 1,
  firstIndex,
  count,
  startedAt,
  endedAt,
  fullSnapshot: false,
  rawBytes: 0,
  data: new Uint8Array(),
  ...extra,
});

describe('which chunks merge', () => {
  it.each([
    ['a run spanning 30 s after a snapshot', [row(0, 0, 2, 0, 1, { fullSnapshot: true }), row(1, 2, 1, 2000, 4000), row(2, 3, 1, 28_000, 32_000)], [1, 2]],
    ['a run shorter than 30 s', [row(0, 0, 2, 0, 1, { fullSnapshot: true }), row(1, 2, 1, 2000, 4000), row(2, 3, 1, 6000, 8000)], null],
    ['a single chunk', [row(1, 0, 1, 0, COMPACT_SPAN_MS)], null],
    ['a run with a batch still missing', [row(1, 0, 1, 0, 1000), row(3, 5, 1, 30_000, 40_000)], null],
    ['only what follows an earlier merge', [row(1, 0, 5, 0, 30_000, { merged: true }), row(6, 5, 1, 31_000, 32_000), row(7, 6, 1, 60_000, 62_000)], [6, 7]],
  ])('%s', (_name, chunks, seqs) => {
    expect(runToMerge(chunks)?.map((c) => c.seq) ?? null).toEqual(seqs);
  });

  it.each([
    [['[1,2]', '[3]'], '[1,2,3]'],
    [['[]', '[{"a":[1]}]', ' [ 2 ] '], '[{"a":[1]},2]'],
  ])('joins %j without parsing', (texts, joined) => {
    expect(joinArrays(texts)).toBe(joined);
  });
});

describe('compacting a recording', () => {
  async function record(batches: number, gapMs: number) {
    const { traceId } = await beginPage(db, { tabId: 1, site: 'a.b', url: '', title: '', now: 0 });
    for (let seq = 0; seq < batches; seq++) {
      const events = [{ type: seq === 0 ? 2 : 3, timestamp: seq * gapMs, data: { n: seq } }];
      await storeBatch(
        db,
        {
          type: 'trace/batch', traceId, page: 1, seq, firstIndex: seq, count: 1, startedAt: seq * gapMs, endedAt: seq * gapMs,
          fullSnapshot: seq === 0, url: '', title: '', events: JSON.stringify(events),
        },
        'a.b',
      );
    }
    return traceId;
  }

  it('merges small chunks into one, keeps every event in order, and stores less', async () => {
    const traceId = await record(20, 2000);
    const before = await loadTraceEvents(db, traceId);
    const bytesBefore = (await db.traces.get(traceId))!.bytes;
    expect(await compactChunks(db, traceId, 1)).toBe(true);
    expect(await loadTraceEvents(db, traceId)).toEqual(before);
    const chunks = await db.chunks.where('traceId').equals(traceId).sortBy('seq');
    expect(chunks.map((c) => [c.seq, c.firstIndex, c.count, Boolean(c.merged)])).toEqual([
      [1_000_000, 0, 1, false],
      [1_000_001, 1, 19, true],
    ]);
    expect((await db.traces.get(traceId))!.bytes).toBeLessThan(bytesBefore);
    expect((await db.traces.get(traceId))!.eventCount).toBe(20);
  });

  it('does not store twice a batch resent after it was merged', async () => {
    const traceId = await record(20, 2000);
    await compactChunks(db, traceId, 1);
    for (const seq of [1, 7]) {
      const resent = await storeBatch(
        db,
        {
          type: 'trace/batch', traceId, page: 1, seq, firstIndex: seq, count: 1, startedAt: 0, endedAt: 0,
          fullSnapshot: false, url: '', title: '', events: JSON.stringify([{ type: 3, timestamp: seq * 2000, data: { n: seq } }]),
        },
        'a.b',
      );
      expect(resent).toEqual({ ok: true });
    }
    expect(await loadTraceEvents(db, traceId)).toHaveLength(20);
    expect((await db.traces.get(traceId))!.eventCount).toBe(20);
  });
});

describe('merging chunks of a long field typed into', () => {
  it('keeps only the first value whole across the merged batches, and every value comes back', async () => {
    const { traceId } = await beginPage(db, { tabId: 1, site: 'a.b', url: '', title: '', now: 0 });
    const draft = 'a long review comment, '.repeat(100);
    const typed: unknown[] = [];
    for (let seq = 0; seq < 16; seq++) {
      // Each batch is encoded alone in the page, so each starts with the field's whole value.
      const events = Array.from({ length: 5 }, (_, k) => ({ type: 3, timestamp: seq * 2000 + k, data: { source: 5, id: 9, text: draft + 'x'.repeat(seq * 5 + k), isChecked: false } }));
      typed.push(...events);
      const batch = { type: 'trace/batch' as const, traceId, page: 1, seq, firstIndex: seq * 5, count: 5, startedAt: seq * 2000, endedAt: seq * 2000 + 4, fullSnapshot: false, url: '', title: '', events: JSON.stringify(encodeTextDeltas(events)) };
      expect(await storeBatch(db, batch, 'a.b')).toEqual({ ok: true });
    }
    expect(await compactChunks(db, traceId, 1)).toBe(true);
    const [merged] = await db.chunks.where('traceId').equals(traceId).toArray();
    expect(merged!.count).toBe(80);
    const stored = await decompressText(merged!.data);
    expect(stored.split(draft)).toHaveLength(2); // the draft is stored once, not once per batch
    expect(await loadTraceEvents(db, traceId)).toEqual(typed);
  });
});

describe('merging chunks that refer to stored assets', () => {
  it('keeps every asset its parts referred to, and a chunk with packed ids never merges', async () => {
    expect(runToMerge([row(1, 0, 1, 0, 1000, { implicitIds: true }), row(2, 1, 1, 31_000, 32_000)])).toBeNull();
    const { traceId } = await beginPage(db, { tabId: 1, site: 'a.com', url: 'https://a.com/', title: 'A', now: 0 });
    const css = `.x{color:red}`.repeat(400);
    const add = (t: number, id: number) => [{ type: 3, timestamp: t, data: { source: 0, adds: [{ parentId: 1, nextId: null, node: { type: 2, tagName: 'style', attributes: { _cssText: css }, childNodes: [], id } }], removes: [], texts: [], attributes: [] } }];
    for (const [seq, t] of [[0, 0], [1, 20_000], [2, 40_000]] as const) {
      const events = add(t, 10 + seq);
      const batch = { type: 'trace/batch' as const, traceId, page: 1, seq, firstIndex: seq, count: 1, startedAt: t, endedAt: t, fullSnapshot: false, url: '', title: '', events: JSON.stringify(events) };
      expect(await storeBatch(db, batch, 'a.com')).toEqual({ ok: true });
    }
    expect(await db.assets.count()).toBe(1);
    const before = await loadTraceEvents(db, traceId);
    expect(await compactChunks(db, traceId, 1)).toBe(true);
    const chunks = await db.chunks.where('traceId').equals(traceId).toArray();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.assets).toEqual([(await db.assets.toArray())[0]!.hash]);
    expect(await loadTraceEvents(db, traceId)).toEqual(before);
  });
});
