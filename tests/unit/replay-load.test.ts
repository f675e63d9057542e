import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { compressText } from '@/lib/chunk-codec';
import { ShadowtraceDB, type TraceRow } from '@/lib/db';
import { TraceDecoder, decodeTrace, loadTrace, type LoadProgress } from '@/lib/replay/load';
import { snapshotChunkAt } from '@/lib/replay/timeline';

const doc = (id = 1) => ({ type: 0, id, childNodes: [{ type: 2, id: id + 1, tagName: 'html', attributes: {}, childNodes: [] }] });
const meta = (t: number) => ({ type: 4, timestamp: t, data: { href: 'https://site.example/', width: 800, height: 600 } });
const full = (t: number) => ({ type: 2, timestamp: t, data: { node: doc(), initialOffset: { top: 0, left: 0 } } });
const input = (t: number, text: string) => ({ type: 3, timestamp: t, data: { source: 5, id: 9, text, isChecked: false } });
const frame = (t: number, target: number) => ({
  type: 5,
  timestamp: t,
  data: { tag: 'shadowtrace/canvas-frame', payload: { target, width: 2, height: 2, dataUrl: 'data:image/png;base64,AA' } },
});

async function row(seq: number, events: unknown[], page = 1) {
  return { seq: page * 1_000_000 + seq, page, data: await compressText(JSON.stringify(events)) };
}

describe('decodeTrace', () => {
  it('indexes chunks, pages and canvas frames, and picks the nearest snapshot chunk for a seek', async () => {
    const rows = [
      await row(0, [meta(1000), full(1001), input(1100, 'a')]),
      await row(1, [input(2000, 'ab'), frame(2100, 7)]),
      await row(2, [meta(3000), full(3001), input(3100, 'abc')]),
      await row(0, [meta(5000), full(5001), frame(5100, 7)], 2),
    ];
    const progress: LoadProgress[] = [];
    const trace = await decodeTrace({ id: 't', title: 'T' }, rows, { onProgress: (p) => progress.push(p) });
    expect(trace.chunks.map((c) => [c.startedAt, c.fullSnapshot, c.firstEvent, c.count])).toEqual([
      [1000, true, 0, 3],
      [2000, false, 3, 2],
      [3000, true, 5, 3],
      [5000, true, 8, 3],
    ]);
    expect([trace.start, trace.end]).toEqual([1000, 5100]);
    expect(trace.pages).toEqual([
      { page: 1, startedAt: 1000 },
      { page: 2, startedAt: 5000 },
    ]);
    expect(trace.frames.chainsAt(2500, 1).map((c) => c.map((f) => f.t))).toEqual([[2100]]);
    expect(trace.frames.chainsAt(6000, 2).map((c) => c.map((f) => f.t))).toEqual([[5100]]);
    expect(snapshotChunkAt(trace.chunks, 2500)).toBe(0);
    expect(snapshotChunkAt(trace.chunks, 3500)).toBe(2);
    expect(progress.map((p) => p.chunksDone)).toEqual([0, 1, 2, 3, 4]);
    expect(progress.at(-1)!.bytesDone).toBe(progress.at(-1)!.bytesTotal);
  });

  it('trusts the events, not the stored flag, for where a snapshot is', async () => {
    const rows = [await row(0, [meta(1000), full(1001)]), await row(1, [input(2000, 'x')])];
    const trace = await decodeTrace({ id: 't', title: 'T' }, rows);
    expect(trace.chunks.map((c) => c.fullSnapshot)).toEqual([true, false]);
  });

  it('leaves out a damaged chunk, counts it, and still loads the rest', async () => {
    const rows = [
      await row(0, [meta(1000), full(1001)]),
      { seq: 1, page: 1, data: new Uint8Array([1, 2, 3]) },
      await row(2, [input(3000, 'x')]),
    ];
    const trace = await decodeTrace({ id: 't', title: 'T' }, rows);
    expect(trace.report.damagedChunks).toBe(1);
    expect(trace.events).toHaveLength(3);
  });

  it.each([
    { name: 'no snapshot', rows: async () => [await row(0, [input(1000, 'x'), input(1001, 'y')])], message: /no full snapshot/ },
    { name: 'only damaged chunks', rows: async () => [{ seq: 0, page: 1, data: new Uint8Array([0]) }], message: /damaged/ },
    { name: 'no chunks', rows: async () => [], message: /no full snapshot/ },
  ])('refuses a trace with $name', async ({ rows, message }) => {
    await expect(decodeTrace({ id: 't', title: 'T' }, await rows())).rejects.toThrow(message);
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(decodeTrace({ id: 't', title: 'T' }, [await row(0, [meta(1), full(2)])], { signal: abort.signal })).rejects.toThrow();
  });

  it('sanitises while loading', async () => {
    const evil = {
      type: 3,
      timestamp: 1100,
      data: { source: 0, texts: [], removes: [], attributes: [], adds: [{ parentId: 2, nextId: null, node: { type: 2, id: 50, tagName: 'script', attributes: { src: 'https://evil.example/x.js' }, childNodes: [] } }] },
    };
    const trace = await decodeTrace({ id: 't', title: 'T' }, [await row(0, [meta(1000), full(1001), evil])]);
    expect(JSON.stringify(trace.events)).not.toContain('evil');
    expect(trace.report.droppedNodes).toBe(1);
  });
});

describe('loadTrace from Dexie', () => {
  it('reads the chunks of one trace in seq order', async () => {
    const db = new ShadowtraceDB(`replay-load-${Math.random()}`);
    const trace: TraceRow = {
      id: 'a', site: 'site.example', url: 'https://site.example/', title: 'A', startedAt: 1000, endedAt: 3000,
      status: 'ended', tabId: null, pages: 1, eventCount: 4, bytes: 0, problem: null, source: 'recorded',
    };
    await db.traces.add(trace);
    const base = { traceId: 'a', page: 1, firstIndex: 0, count: 0, startedAt: 0, endedAt: 0, fullSnapshot: false, rawBytes: 0 };
    // Stored out of order, and with another trace's chunk in between.
    await db.chunks.put({ ...base, seq: 1_000_001, data: (await row(1, [input(2000, 'b')])).data });
    await db.chunks.put({ ...base, traceId: 'b', seq: 1_000_000, data: (await row(0, [meta(1), full(2)])).data });
    await db.chunks.put({ ...base, seq: 1_000_000, data: (await row(0, [meta(1000), full(1001), input(1500, 'a')])).data });
    const loaded = await loadTrace(db, 'a');
    expect(loaded.events.map((e) => e.timestamp)).toEqual([1000, 1001, 1500, 2000]);
    await expect(loadTrace(db, 'missing')).rejects.toThrow(/no longer exists/);
    db.close();
  });
});

describe('TraceDecoder: a trace that grows while it is shown', () => {
  /** A stored row for events [firstIndex, firstIndex + events.length) of a page load. */
  async function indexed(firstIndex: number, events: unknown[], page = 1) {
    return { ...(await row(firstIndex, events, page)), firstIndex, count: events.length };
  }
  const typed = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => input(2000 + (from + i) * 100, `t${from + i}`));
  const times = (events: { timestamp: number }[]) => events.map((e) => e.timestamp);

  it.each([
    {
      why: 'new rows after the ones decoded: all of their events',
      later: async () => [await indexed(0, [meta(1000), full(1001), ...typed(2, 4)]), await indexed(4, typed(4, 6))],
      want: [2400, 2500],
    },
    {
      why: 'compaction merged decoded rows with new ones: only the new tail',
      later: async () => [await indexed(0, [meta(1000), full(1001)]), await indexed(2, typed(2, 7))],
      want: [2400, 2500, 2600],
    },
    {
      why: 'nothing new: nothing added',
      later: async () => [await indexed(0, [meta(1000), full(1001), ...typed(2, 4)])],
      want: [],
    },
    {
      why: 'a new page load: all of its events',
      later: async () => [await indexed(0, [meta(9000), full(9001)], 2)],
      want: [9000, 9001],
    },
  ])('$why', async ({ later, want }) => {
    const decoder = new TraceDecoder({ id: 't', title: 'T' });
    const first = await decoder.add([await indexed(0, [meta(1000), full(1001)]), await indexed(2, typed(2, 4))]);
    expect(times(first)).toEqual([1000, 1001, 2200, 2300]);
    const added = await decoder.add(await later(), { tail: true });
    expect(times(added)).toEqual(want);
    expect(times(decoder.trace.events)).toEqual([1000, 1001, 2200, 2300, ...want]);
    expect(decoder.trace.end).toBe(Math.max(2300, ...want));
  });
});
