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

export type ChunkInput = Pick<ChunkRow, 'seq' | 'page' | 'data'> & Partial<Pick<ChunkRow, 'assets' | 'implicitIds' | 'firstIndex' | 'count'>>;

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** The texts of the assets the chunks refer to (lib/asset-store.ts `loadAssets`). */
  assets?: ReadonlyMap<string, string>;
}

export class TraceLoadError extends Error {}

/**
 * Decodes and sanitises chunks into a trace that can grow: rows can be added in slices (the first frame of a
 * long trace shows before the rest is decoded) and again later (a trace still recording). A row is decoded
 * only for the events the trace lacks: rows carry their events' index within their page load, so a row that
 * compaction merged with rows already decoded gives only its new tail.
 */
export class TraceDecoder {
  readonly trace: LoadedTrace;
  private readonly sanitizer = new EventSanitizer();
  /** Per page load, the index after the last recorded event decoded. */
  private readonly decodedUntil = new Map<number, number>();

  constructor(trace: Pick<TraceRow, 'id' | 'title'>) {
    this.trace = {
      traceId: trace.id,
      title: trace.title,
      events: [],
      chunks: [],
      pages: [],
      frames: new CanvasFrameIndex(),
      start: Infinity,
      end: -Infinity,
      report: { ...this.sanitizer.report, damagedChunks: 0 },
    };
  }

  get hasSnapshot(): boolean {
    return this.trace.chunks.some((c) => c.fullSnapshot);
  }

  /** Whether a stored row holds events this trace does not have yet. */
  isNew(row: Pick<ChunkRow, 'page'> & Partial<Pick<ChunkRow, 'firstIndex' | 'count'>>): boolean {
    if (row.firstIndex === undefined || row.count === undefined) return true;
    return row.firstIndex + row.count > (this.decodedUntil.get(row.page) ?? 0);
  }

  /**
   * Decodes rows (in `seq` order) onto the end of the trace; returns the events added. With `tail`, the rows are
   * a fresh read of rows partly decoded before, and only the events after those are added.
   */
  async add(
    rows: readonly ChunkInput[],
    { onProgress, signal, assets = new Map<string, string>(), tail = false }: LoadOptions & { tail?: boolean } = {},
  ): Promise<eventWithTime[]> {
    const { trace } = this;
    const added: eventWithTime[] = [];
    const bytesTotal = rows.reduce((n, r) => n + r.data.byteLength, 0);
    let bytesDone = 0;
    onProgress?.({ chunksDone: 0, chunksTotal: rows.length, bytesDone, bytesTotal });
    for (let i = 0; i < rows.length; i++) {
      signal?.throwIfAborted();
      const row = rows[i]!;
      if (!tail || this.isNew(row)) this.addRow(row, await this.decodeRow(row, assets), tail, added);
      bytesDone += row.data.byteLength;
      onProgress?.({ chunksDone: i + 1, chunksTotal: rows.length, bytesDone, bytesTotal });
    }
    trace.report = { ...this.sanitizer.report, damagedChunks: trace.report.damagedChunks };
    return added;
  }

  private async decodeRow(row: ChunkInput, assets: ReadonlyMap<string, string>): Promise<unknown[] | null> {
    try {
      return await decodeStoredChunk(row, assets);
    } catch {
      this.trace.report.damagedChunks++;
      return null;
    }
  }

  private addRow(row: ChunkInput, raw: unknown[] | null, tail: boolean, added: eventWithTime[]): void {
    const { trace } = this;
    if (!raw) return;
    const until = this.decodedUntil.get(row.page) ?? 0;
    const known = tail && row.firstIndex !== undefined ? Math.max(0, until - row.firstIndex) : 0;
    if (row.firstIndex !== undefined) this.decodedUntil.set(row.page, Math.max(until, row.firstIndex + raw.length));
    const firstEvent = trace.events.length;
    let fullSnapshot = false;
    for (let k = known; k < raw.length; k++) {
      const event = this.sanitizer.sanitize(raw[k]) as unknown as eventWithTime | null;
      if (!event) continue;
      if (event.type === EventType.FullSnapshot) fullSnapshot = true;
      if (event.type === EventType.Custom && event.data.tag === CUSTOM.canvasFrame) {
        trace.frames.add({ ...(event.data.payload as CanvasFramePayload), t: event.timestamp, page: row.page });
      }
      trace.events.push(event);
      added.push(event);
    }
    const count = trace.events.length - firstEvent;
    if (count === 0) return;
    const startedAt = trace.events[firstEvent]!.timestamp;
    const endedAt = trace.events[trace.events.length - 1]!.timestamp;
    trace.chunks.push({ seq: row.seq, page: row.page, startedAt, endedAt, fullSnapshot, firstEvent, count });
    if (trace.pages.at(-1)?.page !== row.page) trace.pages.push({ page: row.page, startedAt });
    trace.start = Math.min(trace.start, startedAt);
    trace.end = Math.max(trace.end, endedAt);
  }

  /** The trace, once it can be shown: it must hold a full snapshot. */
  result(): LoadedTrace {
    if (!this.hasSnapshot) {
      throw new TraceLoadError(
        this.trace.report.damagedChunks > 0
          ? 'This trace cannot be replayed: its stored chunks are damaged.'
          : 'This trace has no full snapshot of the page yet, so there is nothing to show.',
      );
    }
    return this.trace;
  }
}

/** Decodes and sanitises chunks (already in `seq` order) into a replayable trace. */
export async function decodeTrace(
  trace: Pick<TraceRow, 'id' | 'title'>,
  rows: readonly ChunkInput[],
  options: LoadOptions = {},
): Promise<LoadedTrace> {
  const decoder = new TraceDecoder(trace);
  await decoder.add(rows, options);
  return decoder.result();
}

/** Reads a trace, its chunks in `seq` order and the assets they refer to from Dexie. */
export async function readStoredTrace(
  db: ShadowtraceDB,
  traceId: string,
): Promise<{ trace: TraceRow; rows: ChunkRow[]; assets: Map<string, string> }> {
  const trace = await db.traces.get(traceId);
  if (!trace) throw new TraceLoadError('This trace no longer exists.');
  const rows = await db.chunks.where('traceId').equals(traceId).sortBy('seq');
  return { trace, rows, assets: await loadAssets(db, rows) };
}

/** Reads a trace and its chunks from Dexie, then decodes them. */
export async function loadTrace(db: ShadowtraceDB, traceId: string, options: LoadOptions = {}): Promise<LoadedTrace> {
  const { trace, rows, assets } = await readStoredTrace(db, traceId);
  return decodeTrace(trace, rows, { ...options, assets: options.assets ?? assets });
}
