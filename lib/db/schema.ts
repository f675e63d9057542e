/**
 * Shadowtrace's IndexedDB, on the extension's origin: the only store of traces.
 * One schema constant per version; each version ships with a migration test (tests/unit/db-*.test.ts).
 */

/** 2026-11-27: first version. Traces, their compressed chunks, process moments, and clips. */
export const V1 = {
  traces: 'id, startedAt, site, status, tabId',
  chunks: '[traceId+seq], traceId',
  moments: 'id, [traceId+t], traceId, kind',
  clips: 'id, traceId',
} as const;

/**
 * 2026-11-27: the large strings of recorded DOM trees (inlined stylesheets, data-URL images) are stored once, by
 * content, in `assets`, and chunks list the assets they refer to (`*assets`, so a delete can tell whether anyone
 * still needs one). No data changes: V1 chunks carry no references and decode as before (lib/snapshot-pack.ts).
 */
export const V2 = {
  ...V1,
  chunks: '[traceId+seq], traceId, *assets',
  assets: 'hash, owner',
} as const;

export type TraceStatus = 'recording' | 'ended';

export interface TraceRow {
  id: string;
  site: string;
  url: string;
  title: string;
  startedAt: number;
  /** Time of the last stored event; grows while recording. */
  endedAt: number;
  status: TraceStatus;
  /** The tab recording it, while it records. */
  tabId: number | null;
  /** Page loads so far; each new load of the site in the same tab continues the trace as page n + 1. */
  pages: number;
  eventCount: number;
  /** Compressed bytes stored. */
  bytes: number;
  /** What stopped it early, in words for the senior. */
  problem: string | null;
  source: 'recorded' | 'imported';
  /** One line for the library: "7 undos, 4 pauses, 2 abandoned drafts". Set with the moments. */
  summary?: string;
  /** The trace time up to which the stored moments were computed. */
  momentsUpTo?: number;
  /** The pause threshold the author's rhythm gave when the moments were computed. */
  pauseThresholdMs?: number;
}

export interface ChunkRow {
  traceId: string;
  /** page * PAGE_STRIDE + batch seq: orders chunks and makes a retried batch overwrite itself. */
  seq: number;
  page: number;
  firstIndex: number;
  count: number;
  startedAt: number;
  endedAt: number;
  /** True when the chunk begins with a full snapshot, so replay and clipping can start here. */
  fullSnapshot: boolean;
  rawBytes: number;
  /** gzip of the chunk's events as one JSON array. */
  data: Uint8Array;
  /** Several recorded batches compacted into one chunk (lib/chunk-compaction.ts). */
  merged?: boolean;
  /** SHA-256 (hex) of every asset the chunk's events refer to in place of a large string (V2). */
  assets?: string[];
  /** The full snapshots' nodes leave out ids that follow in document order (V2, lib/snapshot-pack.ts). */
  implicitIds?: true;
}

/**
 * One large string from a recorded DOM tree (a stylesheet, an image's data URL), stored once for every chunk of
 * every trace that shows it. Its bytes are counted in the `bytes` of exactly one trace, its owner: the one that
 * stored it first, or, once that one is deleted, another that still refers to it.
 */
export interface AssetRow {
  /** SHA-256 of the string's UTF-8, in hex. */
  hash: string;
  /** gzip of the string's UTF-8. */
  data: Uint8Array;
  /** The string's length in UTF-16 code units, before compression. */
  chars: number;
  /** The trace whose `bytes` count this asset. */
  owner: string;
}

export const PAGE_STRIDE = 1_000_000;

export type MomentKind =
  | 'draft'
  | 'revision'
  | 'undo'
  | 'redo'
  | 'pause'
  | 'away'
  | 'burst'
  | 'abandoned'
  | 'navigation'
  | 'bookmark'
  | 'note';

export interface MomentRow {
  id: string;
  traceId: string;
  /** Milliseconds since the epoch, as rrweb timestamps. */
  t: number;
  kind: MomentKind;
  duration: number;
  detail: Record<string, unknown>;
}

export interface ClipRow {
  id: string;
  traceId: string;
  start: number;
  end: number;
  createdAt: number;
  title?: string;
  notes: { t: number; text: string }[];
  redactions: { selector: string; mode: 'hide' | 'mask'; size?: { width: number; height: number } }[];
  published: { url: string; revokeToken: string; expiresAt: number | null } | null;
}
