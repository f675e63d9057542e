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
