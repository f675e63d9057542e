import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeChunkEvents, decompressText } from '@/lib/chunk-codec';
import { PAGE_STRIDE, ShadowtraceDB } from '@/lib/db';
import { planChunks, prepareImport, type ImportProgress } from '@/lib/import/chunk';
import { importFile } from '@/lib/import/import-file';
import type { RrwebEvent } from '@/lib/import/parse';
import { loadTrace } from '@/lib/replay/load';
import { loadTraceEvents } from '@/lib/trace-export';
import { fullSnapshot, input, meta } from './snapshot-fixture';

const ev = (type: number, timestamp: number): RrwebEvent =>
  type === 4
    ? { type, timestamp, data: { href: 'https://example.com/a', width: 800, height: 600 } }
    : type === 2
      ? { type, timestamp, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } } }
      : { type, timestamp, data: { source: 5, text: `t${timestamp}`, id: 2 } };
/** Types in order, timestamps 1, 2, 3... */
const stream = (...types: number[]) => types.map((t, i) => ev(t, i + 1));
const shape = (events: RrwebEvent[], max?: number) =>
  planChunks(events, max).map((c) => ({ seq: c.seq, page: c.page, first: c.firstIndex, count: c.count, full: c.fullSnapshot }));

describe('cutting an imported recording into chunks like the recorder does', () => {
  it.each([
    [
      'one page: Meta and snapshot open the first chunk',
      stream(4, 2, 3, 3, 3),
      undefined,
      [{ seq: PAGE_STRIDE, page: 1, first: 0, count: 5, full: true }],
    ],
    [
      "rrweb's DOMContentLoaded before Meta gets its own small chunk, as in the recorder",
      stream(0, 4, 2, 1, 3),
      undefined,
      [
        { seq: PAGE_STRIDE, page: 1, first: 0, count: 1, full: false },
        { seq: PAGE_STRIDE + 1, page: 1, first: 1, count: 4, full: true },
      ],
    ],
    [
      'at most maxEvents per chunk',
      stream(4, 2, 3, 3, 3, 3, 3),
      3,
      [
        { seq: PAGE_STRIDE, page: 1, first: 0, count: 3, full: true },
        { seq: PAGE_STRIDE + 1, page: 1, first: 3, count: 3, full: false },
        { seq: PAGE_STRIDE + 2, page: 1, first: 6, count: 1, full: false },
      ],
    ],
    [
      'a second Meta after a snapshot is a new page load, numbered from seq 0 again',
      stream(4, 2, 3, 4, 2, 3),
      undefined,
      [
        { seq: PAGE_STRIDE, page: 1, first: 0, count: 3, full: true },
        { seq: 2 * PAGE_STRIDE, page: 2, first: 0, count: 3, full: true },
      ],
    ],
    [
      'a full snapshot without a Meta before it still starts a chunk',
      stream(4, 2, 3, 2, 3),
      undefined,
      [
        { seq: PAGE_STRIDE, page: 1, first: 0, count: 3, full: true },
        { seq: PAGE_STRIDE + 1, page: 1, first: 3, count: 2, full: true },
      ],
    ],
  ])('%s', (_name, events, max, expected) => {
    expect(shape(events, max)).toEqual(expected);
  });

  it('keeps every event exactly once, in order, for a long recording', () => {
    const events = [ev(4, 0), ev(2, 0), ...Array.from({ length: 1234 }, (_, i) => ev(3, i + 1))];
    const chunks = planChunks(events);
    expect(chunks.map((c) => c.count)).toEqual([500, 500, 236]);
    expect(chunks.flatMap((c) => c.events)).toEqual(events);
    expect(chunks.every((c) => c.startedAt <= c.endedAt)).toBe(true);
  });
});

describe('preparing and storing an import', () => {
  let db: ShadowtraceDB;
  beforeEach(() => {
    db = new ShadowtraceDB(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  const events = [ev(0, 1000), ev(4, 1001), ev(2, 1002), ...Array.from({ length: 700 }, (_, i) => ev(3, 2000 + i * 10))];

  it('makes an ended, imported trace with compressed chunks and progress', async () => {
    const progress: ImportProgress[] = [];
    const { trace, chunks } = await prepareImport(
      events,
      { fileName: 'bug report.rrweb.json', href: 'https://app.example.org/edit' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(trace).toMatchObject({
      site: 'app.example.org',
      url: 'https://app.example.org/edit',
      title: 'bug report',
      source: 'imported',
      status: 'ended',
      tabId: null,
      pages: 1,
      startedAt: 1000,
      endedAt: 2000 + 699 * 10,
      eventCount: 703,
    });
    expect(trace.bytes).toBe(chunks.reduce((n, c) => n + c.data.byteLength, 0));
    expect(chunks.map((c) => c.count)).toEqual([1, 500, 202]);
    expect(await decodeChunkEvents(chunks[1]!.data)).toEqual(events.slice(1, 501));
    expect(progress.at(-1)).toEqual({ phase: 'compressing', done: 3, total: 3 });
  });

  it('stores a long field typed into as its changes, and reads back every value', async () => {
    const draft = 'a long comment imported from another tool, '.repeat(50);
    const typed: RrwebEvent[] = [ev(4, 1), ev(2, 2), ...Array.from({ length: 100 }, (_, i) => ({ type: 3, timestamp: 10 + i, data: { source: 5, id: 7, text: draft + 'x'.repeat(i), isChecked: false } }))];
    const { trace, chunks } = await prepareImport(typed, { fileName: 'typed.json', href: 'https://app.example.org/' });
    const stored = (await Promise.all(chunks.map((c) => decompressText(c.data)))).join('');
    expect(stored.split(draft)).toHaveLength(2);
    await db.transaction('rw', db.traces, db.chunks, async () => {
      await db.traces.add(trace);
      await db.chunks.bulkAdd(chunks);
    });
    expect(await loadTraceEvents(db, trace.id)).toEqual(typed);
  });

  it('stores a good file as one trace that loads for replay', async () => {
    const file = new File([JSON.stringify(events)], 'session.json', { type: 'application/json' });
    const result = await importFile(db, file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await db.traces.count()).toBe(1);
    expect(await loadTraceEvents(db, result.trace.id)).toEqual(events);
    const loaded = await loadTrace(db, result.trace.id);
    expect(loaded.events.length).toBe(events.length);
    expect(loaded.chunks.filter((c) => c.fullSnapshot).length).toBe(1);
  });

  it('stores the styles and images of every page load once, counted in the first import that brought them', async () => {
    const pages = [0, 1, 2].flatMap((p) => [meta(p * 100), fullSnapshot(p * 100 + 1, 1, { text: `page ${p}` }), input(p * 100 + 2, `typed ${p}`)]);
    const stored = [];
    for (const name of ['first.json', 'again.json']) {
      const result = await importFile(db, new File([JSON.stringify(pages)], name));
      if (!result.ok) throw new Error(result.problem.message);
      expect(await loadTraceEvents(db, result.trace.id)).toEqual(pages);
      const chunks = await db.chunks.where('traceId').equals(result.trace.id).toArray();
      expect(chunks.filter((c) => c.assets?.length === 3 && c.implicitIds)).toHaveLength(3);
      stored.push({ bytes: result.trace.bytes, chunkBytes: chunks.reduce((n, c) => n + c.data.byteLength, 0) });
    }
    const assets = await db.assets.toArray();
    expect(assets).toHaveLength(3);
    expect(stored[0]!.bytes).toBe(stored[0]!.chunkBytes + assets.reduce((n, a) => n + a.data.byteLength, 0));
    expect(stored[1]!.bytes).toBe(stored[1]!.chunkBytes);
  });

  it.each([
    ['not JSON', 'oops'],
    ['no full snapshot', JSON.stringify([ev(4, 1), ev(3, 2)])],
    ['a bad event', JSON.stringify([ev(4, 1), ev(2, 2), { type: 3 }])],
  ])('changes nothing for a bad file (%s)', async (_name, text) => {
    await db.traces.add({ id: 'keep', site: 's', url: '', title: 'Keep me', startedAt: 1, endedAt: 2, status: 'ended', tabId: null, pages: 1, eventCount: 0, bytes: 0, problem: null, source: 'recorded' });
    const result = await importFile(db, new File([text], 'bad.json'));
    expect(result.ok).toBe(false);
    expect((await db.traces.toArray()).map((t) => t.id)).toEqual(['keep']);
    expect(await db.chunks.count()).toBe(0);
  });

  it('refuses a file over the limit before reading it', async () => {
    const result = await importFile(db, new File(['x'.repeat(2048)], 'big.json'), { maxBytes: 1024 });
    expect(result).toMatchObject({ ok: false, problem: { kind: 'too-large', message: expect.stringMatching(/2\.0 KB/) } });
    expect(await db.traces.count()).toBe(0);
  });
});
