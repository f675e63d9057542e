/**
 * Schema version 2 (lib/db/schema.ts): the assets table and the chunks' `*assets` index. A database written by
 * version 1 opens unchanged, its chunks decode as before, and new snapshots store their large strings once.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compressText } from '@/lib/chunk-codec';
import { ShadowtraceDB, V1, V2, type ChunkRow, type TraceRow } from '@/lib/db';
import { loadTraceEvents } from '@/lib/trace-export';
import { storeBatch } from '@/lib/trace-store';
import { fullSnapshot, input, meta } from './snapshot-fixture';

let name: string;
beforeEach(() => {
  name = `test-${crypto.randomUUID()}`;
});
afterEach(async () => {
  await Dexie.delete(name);
});

const trace: TraceRow = {
  id: 't1',
  site: 'github.com',
  url: 'https://github.com/a',
  title: 'A',
  startedAt: 1,
  endedAt: 4,
  status: 'recording',
  tabId: 3,
  pages: 1,
  eventCount: 3,
  bytes: 0,
  problem: null,
  source: 'recorded',
};
const v1Events = [meta(1), fullSnapshot(2, 1), input(4, 'typed in v1')];

async function seedV1(): Promise<{ chunk: ChunkRow; trace: TraceRow }> {
  const old = new Dexie(name);
  old.version(1).stores(V1);
  const data = await compressText(JSON.stringify(v1Events));
  const chunk: ChunkRow = { traceId: 't1', seq: 1_000_000, page: 1, firstIndex: 0, count: 3, startedAt: 1, endedAt: 4, fullSnapshot: true, rawBytes: 10, data };
  const row = { ...trace, bytes: data.byteLength };
  await old.table('traces').add(row);
  await old.table('chunks').add(chunk);
  await old.table('moments').add({ id: 'm1', traceId: 't1', t: 3, kind: 'pause', duration: 2000, detail: {} });
  old.close();
  return { chunk, trace: row };
}

describe('schema version 2', () => {
  it('adds only the assets table and the chunks’ asset index', () => {
    expect(Object.keys(V2).sort()).toEqual(['assets', 'chunks', 'clips', 'moments', 'traces']);
    expect({ ...V2, chunks: V1.chunks, assets: undefined }).toEqual({ ...V1, assets: undefined });
    expect(V2.chunks).toBe(`${V1.chunks}, *assets`);
  });

  it('opens a version 1 database with every row unchanged and its trace still decoding', async () => {
    const before = await seedV1();
    const db = new ShadowtraceDB(name);
    await db.open();
    expect(db.verno).toBe(2);
    expect(await db.traces.toArray()).toEqual([before.trace]);
    expect(await db.chunks.toArray()).toEqual([before.chunk]);
    expect(await db.moments.count()).toBe(1);
    expect(await db.assets.count()).toBe(0);
    expect(await db.chunks.where('assets').equals('anything').count()).toBe(0);
    expect(await loadTraceEvents(db, 't1')).toEqual(v1Events);
    db.close();
  });

  it('stores the next snapshot of a migrated trace with its styles as assets, and both decode', async () => {
    await seedV1();
    const db = new ShadowtraceDB(name);
    const later = [meta(10), fullSnapshot(11, 50, { text: 'after the upgrade' })];
    const batch = {
      type: 'trace/batch' as const,
      traceId: 't1',
      page: 1,
      seq: 1,
      firstIndex: 3,
      count: later.length,
      startedAt: 10,
      endedAt: 11,
      fullSnapshot: true,
      url: 'https://github.com/a',
      title: 'A',
      events: JSON.stringify(later),
    };
    expect(await storeBatch(db, batch, 'github.com')).toEqual({ ok: true });
    expect(await db.assets.count()).toBe(3);
    const [, stored] = await db.chunks.orderBy('[traceId+seq]').toArray();
    expect(stored!.assets).toHaveLength(3);
    expect(await db.chunks.where('assets').equals(stored!.assets![0]!).primaryKeys()).toEqual([['t1', 1_000_001]]);
    expect(await loadTraceEvents(db, 't1')).toEqual([...v1Events, ...later]);
    db.close();
  });
});
