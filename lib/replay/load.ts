/**
 * Loads a stored trace for replay: every chunk decoded in order and sanitised before anything can render it,
 * with progress for long traces, and the indexes a seek needs (which chunks start at a full snapshot, which
 * canvas frame is current, when each page load began).
 */
import type { eventWithTime } from 'rrweb';
import { loadAssets } from '../asset-store';
import { decodeStoredChunk } from '../chunk-codec';
import type { ChunkRow, ShadowtraceDB, TraceRow } from '../db';
import { CUSTOM, EventType, type CanvasFramePayload } from '../trace-events';
import { CanvasFrameIndex } from './canvas-frames';
import { EventSanitizer, type SanitizeReport } from './sanitize';
import type { ChunkSpan, PageStart } from './timeline';

export interface LoadProgress {
  chunksDone: number;
  chunksTotal: number;
  /** Compressed bytes decoded so far, and in all. */
  bytesDone: number;
  bytesTotal: number;
}

export interface LoadedTrace {
  traceId: string;
  title: string;
  /** All sanitised events, in stored order. */
  events: eventWithTime[];
  chunks: ChunkSpan[];
  pages: PageStart[];
  frames: CanvasFrameIndex;
  start: number;
  end: number;
  report: SanitizeReport & { damagedChunks: number };
}

export type ChunkInput = Pick<ChunkRow, 'seq' | 'page' | 'data'> & Partial<Pick<ChunkRow, 'assets' | 'implicitIds'>>;

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** The texts of the assets the chunks refer to (lib/asset-store.ts `loadAssets`). */
  assets?: ReadonlyMap<string, string>;
}

export class TraceLoadError extends Error {}

/** Decodes and sanitises chunks (already in `seq` order) into a replayable trace. */
export async function decodeTrace(
  trace: Pick<TraceRow, 'id' | 'title'>,
  rows: readonly ChunkInput[],
  { onProgress, signal, assets = new Map<string, string>() }: LoadOptions = {},
): Promise<LoadedTrace> {
  const sanitizer = new EventSanitizer();
  const events: eventWithTime[] = [];
  const chunks: ChunkSpan[] = [];
  const pages: PageStart[] = [];
  const frames = new CanvasFrameIndex();
  let damagedChunks = 0;
  const bytesTotal = rows.reduce((n, r) => n + r.data.byteLength, 0);
  let bytesDone = 0;
  onProgress?.({ chunksDone: 0, chunksTotal: rows.length, bytesDone, bytesTotal });

  for (let i = 0; i < rows.length; i++) {
    signal?.throwIfAborted();
    const row = rows[i]!;
    let raw: unknown[] | null = null;
    try {
      raw = await decodeStoredChunk(row, assets);
    } catch {
      damagedChunks++;
    }
    if (raw) {
      const firstEvent = events.length;
      let fullSnapshot = false;
      for (const input of raw) {
        const event = sanitizer.sanitize(input) as unknown as eventWithTime | null;
        if (!event) continue;
        if (event.type === EventType.FullSnapshot) fullSnapshot = true;
        if (event.type === EventType.Custom && event.data.tag === CUSTOM.canvasFrame) {
          frames.add({ ...(event.data.payload as CanvasFramePayload), t: event.timestamp, page: row.page });
        }
        events.push(event);
      }
      const count = events.length - firstEvent;
      if (count > 0) {
        const startedAt = events[firstEvent]!.timestamp;
        chunks.push({
          seq: row.seq,
          page: row.page,
          startedAt,
          endedAt: events[events.length - 1]!.timestamp,
          fullSnapshot,
          firstEvent,
          count,
        });
        if (pages.at(-1)?.page !== row.page) pages.push({ page: row.page, startedAt });
      }
    }
    bytesDone += row.data.byteLength;
    onProgress?.({ chunksDone: i + 1, chunksTotal: rows.length, bytesDone, bytesTotal });
  }

  if (!chunks.some((c) => c.fullSnapshot)) {
    throw new TraceLoadError(
      damagedChunks > 0
        ? 'This trace cannot be replayed: its stored chunks are damaged.'
        : 'This trace has no full snapshot of the page yet, so there is nothing to show.',
    );
  }
  let start = Infinity;
  let end = -Infinity;
  for (const c of chunks) {
    start = Math.min(start, c.startedAt);
    end = Math.max(end, c.endedAt);
  }
  return {
    traceId: trace.id,
    title: trace.title,
    events,
    chunks,
    pages,
    frames,
    start,
    end,
    report: { ...sanitizer.report, damagedChunks },
  };
}

/** Reads a trace and its chunks from Dexie, then decodes them. */
export async function loadTrace(db: ShadowtraceDB, traceId: string, options: LoadOptions = {}): Promise<LoadedTrace> {
  const trace = await db.traces.get(traceId);
  if (!trace) throw new TraceLoadError('This trace no longer exists.');
  const rows = await db.chunks.where('traceId').equals(traceId).sortBy('seq');
  return decodeTrace(trace, rows, { ...options, assets: options.assets ?? (await loadAssets(db, rows)) });
}
