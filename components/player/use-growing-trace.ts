/**
 * Loads a stored trace for the player so that it shows as soon as it can, then keeps growing:
 *  - the first frame needs only the chunks up to the first full snapshot; the rest of a long trace is decoded
 *    after it, in slices, with progress;
 *  - while the trace is still recording, what the recorder stores is added as it arrives (the trace row changes
 *    with every stored batch, and Dexie's live query says so).
 * The player hears of each addition through `growth` and takes the new events from `trace.events`.
 */
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadAssets } from '@/lib/asset-store';
import { db, type ChunkRow, type TraceRow } from '@/lib/db';
import { TraceDecoder, readStoredTrace, type LoadProgress, type LoadedTrace } from '@/lib/replay/load';

/** Chunks decoded between two updates of the player while the rest of a long trace loads. */
const SLICE_CHUNKS = 24;
/**
 * Compressed bytes decoded before the first frame in any case: a trace this small loads whole in a blink, and
 * its scrubber is then whole from the start (a seek cannot go past what is loaded).
 */
const WHOLE_BELOW_BYTES = 512 * 1024;

export type GrowingTrace =
  | { kind: 'loading'; progress: LoadProgress | null }
  | { kind: 'ready'; trace: LoadedTrace; rest: LoadProgress | null }
  | { kind: 'error'; message: string };

export function useGrowingTrace(traceId: string): {
  state: GrowingTrace;
  growth: (added: () => void) => () => void;
  /** The trace's row, live (undefined while it is read, or once it is deleted). */
  row: TraceRow | undefined;
} {
  const [state, setState] = useState<GrowingTrace>({ kind: 'loading', progress: null });
  const listeners = useRef(new Set<() => void>());
  const decoder = useRef<TraceDecoder | null>(null);
  /** Decoding is one queue: a live tail runs after the initial load it follows, and after the tail before it. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const growth = useCallback((added: () => void) => {
    listeners.current.add(added);
    return () => listeners.current.delete(added);
  }, []);
  const announce = () => listeners.current.forEach((added) => added());

  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    decoder.current = null;
    setState({ kind: 'loading', progress: null });
    queue.current = (async () => {
      const { trace: row, rows, assets } = await readStoredTrace(db(), traceId);
      const d = new TraceDecoder(row);
      const bytesTotal = rows.reduce((n, r) => n + r.data.byteLength, 0);
      let bytesDone = 0;
      let i = 0;
      const step = async (slice: ChunkRow[]) => {
        await d.add(slice, { signal, assets });
        i += slice.length;
        bytesDone += slice.reduce((n, r) => n + r.data.byteLength, 0);
        return { chunksDone: i, chunksTotal: rows.length, bytesDone, bytesTotal };
      };
      // Up to the first full snapshot, enough for the first frame; a small trace whole.
      while (i < rows.length && (!d.hasSnapshot || bytesTotal <= WHOLE_BELOW_BYTES)) {
        const progress = await step(rows.slice(i, i + 1));
        if (!signal.aborted) setState({ kind: 'loading', progress });
      }
      const trace = d.result();
      signal.throwIfAborted();
      decoder.current = d;
      setState({ kind: 'ready', trace, rest: i < rows.length ? { chunksDone: i, chunksTotal: rows.length, bytesDone, bytesTotal } : null });
      while (i < rows.length) {
        const progress = await step(rows.slice(i, i + SLICE_CHUNKS));
        signal.throwIfAborted();
        announce();
        setState({ kind: 'ready', trace, rest: i < rows.length ? progress : null });
      }
    })().catch((e: unknown) => {
      if (!signal.aborted) setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    });
    return () => abort.abort();
  }, [traceId]);

  // Every stored batch updates the trace row; while it records, take what was stored since.
  const row = useLiveQuery(() => db().traces.get(traceId), [traceId]);
  const stamp = row ? `${row.status}:${row.eventCount}:${row.endedAt}` : '';
  useEffect(() => {
    if (!stamp) return;
    queue.current = queue.current.then(async () => {
      const d = decoder.current;
      if (!d || d.trace.traceId !== traceId) return;
      // Compaction only merges the chunks after a page's latest full snapshot; the ones before it are final.
      const from = d.trace.chunks.findLast((c) => c.fullSnapshot)?.seq ?? 0;
      const rows = await db().chunks.where('[traceId+seq]').between([traceId, from], [traceId, Dexie.maxKey]).toArray();
      const fresh = rows.filter((r) => d.isNew(r));
      if (fresh.length === 0) return;
      const added = await d.add(fresh, { assets: await loadAssets(db(), fresh), tail: true });
      if (added.length > 0 && decoder.current === d) announce();
    }).catch(() => undefined); // the next stored batch tries again
  }, [stamp, traceId]);

  return { state, growth, row };
}
