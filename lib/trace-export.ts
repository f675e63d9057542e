/** A stored trace back as plain rrweb events, in order: what other rrweb tools can play. */
import { loadAssets } from './asset-store';
import { decodeStoredChunk } from './chunk-codec';
import type { ShadowtraceDB } from './db';

/** Exactly the recorded events, stored assets put back in (lib/snapshot-pack.ts). */
export async function loadTraceEvents(db: ShadowtraceDB, traceId: string): Promise<unknown[]> {
  const chunks = await db.chunks.where('traceId').equals(traceId).sortBy('seq');
  const assets = await loadAssets(db, chunks);
  const events: unknown[] = [];
  for (const chunk of chunks) events.push(...(await decodeStoredChunk(chunk, assets)));
  return events;
}

/** A file name a person recognises: site, date and time of the start. */
export function exportFileName(site: string, startedAt: number): string {
  const stamp = new Date(startedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `${site.replace(/[^a-z0-9.-]/gi, '_')}-${stamp}.rrweb.json`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
