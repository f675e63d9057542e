/**
 * Batches arrive every couple of seconds and are written at once, so nothing is lost if the browser dies; but
 * gzip restarts with every chunk, and 2 s chunks store about twice what 30 s chunks do. Once the small chunks
 * after a page's latest snapshot span 30 s, they are merged into one. Chunks that start at a full snapshot stay
 * whole, so seeking and clipping still start there (and keep their node ids packed: lib/snapshot-pack.ts). A
 * merged chunk refers to every asset its parts referred to.
 */
import { compressText, decompressText } from './chunk-codec';
import { PAGE_STRIDE, type ChunkRow, type ShadowtraceDB } from './db';
import { encodeTextDeltas, restoreTextDeltas } from './text-deltas';
import { CUSTOM } from './trace-events';

export const COMPACT_SPAN_MS = 30_000;

function pageRange(traceId: string, page: number): [[string, number], [string, number]] {
  return [
    [traceId, page * PAGE_STRIDE],
    [traceId, (page + 1) * PAGE_STRIDE - 1],
  ];
}

/** The trailing run of small chunks in a page load that is ready to merge, or null. */
export function runToMerge(chunks: readonly ChunkRow[]): ChunkRow[] | null {
  const run: ChunkRow[] = [];
  for (let i = chunks.length - 1; i >= 0; i--) {
    const chunk = chunks[i]!;
    if (chunk.fullSnapshot || chunk.merged || chunk.implicitIds) break;
    run.unshift(chunk);
  }
  if (run.length < 2) return null;
  // Merge only a run without holes: a batch still in flight must not end up after the events that follow it.
  for (let i = 1; i < run.length; i++) {
    if (run[i]!.firstIndex !== run[i - 1]!.firstIndex + run[i - 1]!.count) return null;
  }
  return run[run.length - 1]!.endedAt - run[0]!.startedAt >= COMPACT_SPAN_MS ? run : null;
}

/** Joins chunks' JSON arrays without parsing them. */
export function joinArrays(texts: readonly string[]): string {
  const inner = texts.map((t) => t.trim().slice(1, -1).trim()).filter((t) => t !== '');
  return `[${inner.join(',')}]`;
}

/**
 * Each batch starts every field it changes with the field's whole value (lib/text-deltas.ts); in the merged
 * chunk only the first needs to be whole. A run without field values is left unparsed.
 */
export function withDeltasAcross(joined: string): string {
  if (!joined.includes('"source":5') && !joined.includes(CUSTOM.editorText)) return joined;
  let events: unknown;
  try {
    events = JSON.parse(joined);
  } catch {
    return joined; // merged as it came; reading it reports the damage
  }
  if (!Array.isArray(events)) return joined;
  const whole = restoreTextDeltas(events);
  // A delta without its earlier value is dropped on reading; here the chunk keeps its count and stays as it came.
  return whole.length === events.length ? JSON.stringify(encodeTextDeltas(whole)) : joined;
}

export async function compactChunks(db: ShadowtraceDB, traceId: string, page: number): Promise<boolean> {
  const [lo, hi] = pageRange(traceId, page);
  const chunks = await db.chunks.where('[traceId+seq]').between(lo, hi, true, true).toArray();
  const run = runToMerge(chunks);
  if (!run) return false;
  const texts = await Promise.all(run.map((c) => decompressText(c.data)));
  const data = await compressText(withDeltasAcross(joinArrays(texts)));
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const assets = [...new Set(run.flatMap((c) => c.assets ?? []))].sort();
  const merged: ChunkRow = {
    traceId,
    seq: first.seq,
    page,
    firstIndex: first.firstIndex,
    count: run.reduce((n, c) => n + c.count, 0),
    startedAt: first.startedAt,
    endedAt: last.endedAt,
    fullSnapshot: false,
    rawBytes: run.reduce((n, c) => n + c.rawBytes, 0),
    data,
    merged: true,
    ...(assets.length > 0 ? { assets } : {}),
  };
  // Compression cannot run inside an IndexedDB transaction; check inside it that nothing changed meanwhile.
  return db.transaction('rw', db.chunks, db.traces, async () => {
    const now = await db.chunks.bulkGet(run.map((c) => [traceId, c.seq] as [string, number]));
    if (now.some((c, i) => !c || c.count !== run[i]!.count || c.merged)) return false;
    await db.chunks.bulkDelete(run.slice(1).map((c) => [traceId, c.seq] as [string, number]));
    await db.chunks.put(merged);
    const saved = run.reduce((n, c) => n + c.data.byteLength, 0) - data.byteLength;
    await db.traces.where('id').equals(traceId).modify((t) => {
      t.bytes -= saved;
    });
    return true;
  });
}

/** True when a resent batch is already inside a merged chunk (its reply was lost after it was written). */
export async function alreadyMerged(db: ShadowtraceDB, traceId: string, page: number, seq: number, firstIndex: number): Promise<boolean> {
  const [lo] = pageRange(traceId, page);
  const before = await db.chunks.where('[traceId+seq]').between(lo, [traceId, seq], true, true).last();
  return Boolean(before?.merged && before.firstIndex <= firstIndex && firstIndex < before.firstIndex + before.count);
}
