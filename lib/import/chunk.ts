/**
 * Cuts an imported recording into chunks the way the recorder does (lib/recorder/batcher.ts, lib/trace-store.ts):
 * a new chunk at each Meta event and full snapshot, so seeks and clips start from a snapshot, and at most
 * `maxEvents` events per chunk. Each Meta event after the first snapshot is a new page load, numbered like the
 * recorder's pages (node ids belong to one page load); `seq` is `page * PAGE_STRIDE + n`.
 */
import { encodeChunk, type EncodedAsset } from '../chunk-codec';
import { encodeTextDeltas } from '../text-deltas';
import { PAGE_STRIDE, type ChunkRow, type TraceRow } from '../db/schema';
import { EVENT_TYPE, siteOf, titleFromFileName, type RrwebEvent } from './parse';

export const MAX_EVENTS_PER_CHUNK = 500;

export interface ChunkPlan {
  seq: number;
  page: number;
  /** Index of the chunk's first event within its page load. */
  firstIndex: number;
  count: number;
  startedAt: number;
  endedAt: number;
  fullSnapshot: boolean;
  events: RrwebEvent[];
}

/** Events that may open a chunk together with the full snapshot after them. */
const PREAMBLE = new Set<number>([EVENT_TYPE.Meta, EVENT_TYPE.DomContentLoaded, EVENT_TYPE.Load]);

export function planChunks(events: readonly RrwebEvent[], maxEvents = MAX_EVENTS_PER_CHUNK): ChunkPlan[] {
  const plans: ChunkPlan[] = [];
  let page = 1;
  let n = 0;
  let pageIndex = 0;
  let seenSnapshot = false;
  let current: RrwebEvent[] = [];

  const close = () => {
    if (current.length === 0) return;
    plans.push({
      seq: page * PAGE_STRIDE + n++,
      page,
      firstIndex: pageIndex,
      count: current.length,
      startedAt: current[0]!.timestamp,
      endedAt: current[current.length - 1]!.timestamp,
      fullSnapshot: current.some((e) => e.type === EVENT_TYPE.FullSnapshot),
      events: current,
    });
    pageIndex += current.length;
    current = [];
  };

  for (const event of events) {
    if (event.type === EVENT_TYPE.Meta) {
      close();
      if (seenSnapshot) {
        page++;
        n = 0;
        pageIndex = 0;
      }
    } else if (event.type === EVENT_TYPE.FullSnapshot && !current.every((e) => PREAMBLE.has(e.type))) {
      close();
    }
    if (event.type === EVENT_TYPE.FullSnapshot) seenSnapshot = true;
    current.push(event);
    if (current.length >= maxEvents) close();
  }
  close();
  return plans;
}

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'compressing' | 'saving';
  done: number;
  total: number;
}

export interface PreparedImport {
  /** `bytes` counts the chunks only: importing adds the assets that are new (lib/asset-store.ts `putAssets`). */
  trace: TraceRow;
  chunks: ChunkRow[];
  /** Each asset the chunks refer to, once. */
  assets: EncodedAsset[];
}

/**
 * The trace row and compressed chunks of an import, ready to store in one transaction. Compression happens here,
 * before the transaction, because a Dexie transaction cannot wait on anything but Dexie.
 */
export async function prepareImport(
  events: readonly RrwebEvent[],
  source: { fileName: string; href: string | null; id?: string },
  options: { maxEvents?: number; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
): Promise<PreparedImport> {
  const plans = planChunks(events, options.maxEvents);
  const id = source.id ?? crypto.randomUUID();
  const chunks: ChunkRow[] = [];
  const assets = new Map<string, EncodedAsset>();
  let bytes = 0;
  options.onProgress?.({ phase: 'compressing', done: 0, total: plans.length });
  for (const plan of plans) {
    options.signal?.throwIfAborted();
    // Stored as a recording is: a field's later values as changes (lib/text-deltas.ts).
    const text = JSON.stringify(encodeTextDeltas(plan.events));
    const encoded = await encodeChunk(text, plan.fullSnapshot);
    const data = encoded.data;
    for (const asset of encoded.assets) assets.set(asset.hash, asset);
    bytes += data.byteLength;
    chunks.push({
      traceId: id,
      seq: plan.seq,
      page: plan.page,
      firstIndex: plan.firstIndex,
      count: plan.count,
      startedAt: plan.startedAt,
      endedAt: plan.endedAt,
      fullSnapshot: plan.fullSnapshot,
      rawBytes: text.length,
      data,
      ...(encoded.assets.length > 0 ? { assets: encoded.assets.map((a) => a.hash) } : {}),
      ...(encoded.implicitIds ? { implicitIds: true as const } : {}),
    });
    options.onProgress?.({ phase: 'compressing', done: chunks.length, total: plans.length });
  }
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const trace: TraceRow = {
    id,
    site: siteOf(source.href),
    url: source.href ?? '',
    title: titleFromFileName(source.fileName),
    startedAt: first.timestamp,
    endedAt: last.timestamp,
    status: 'ended',
    tabId: null,
    pages: plans.at(-1)?.page ?? 1,
    eventCount: events.length,
    bytes,
    problem: null,
    source: 'imported',
  };
  return { trace, chunks, assets: [...assets.values()] };
}
