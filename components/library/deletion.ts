/**
 * Deleting a trace removes its row, chunks, moments and clips in one transaction, with the stored assets no other
 * trace shows (lib/asset-store.ts); the removed rows stay in this page's memory (the library store) for the undo
 * window, and undo puts exactly those rows back in one transaction.
 */
import { assetHashes, reclaimAssets, releaseAssets } from '@/lib/asset-store';
import type { AssetRow, ChunkRow, ClipRow, MomentRow, ShadowtraceDB, TraceRow } from '@/lib/db';

export interface DeletedTrace {
  trace: TraceRow;
  chunks: ChunkRow[];
  moments: MomentRow[];
  clips: ClipRow[];
  /** Every asset the chunks referred to, as it was (dropped or not): undo needs them if others drop them later. */
  assets: AssetRow[];
}

const tables = (database: ShadowtraceDB) => [database.traces, database.chunks, database.moments, database.clips, database.assets];

export async function deleteTrace(database: ShadowtraceDB, traceId: string): Promise<DeletedTrace | null> {
  return database.transaction('rw', tables(database), async () => {
    const trace = await database.traces.get(traceId);
    if (!trace) return null;
    const [chunks, moments, clips] = await Promise.all([
      database.chunks.where('traceId').equals(traceId).toArray(),
      database.moments.where('traceId').equals(traceId).toArray(),
      database.clips.where('traceId').equals(traceId).toArray(),
    ]);
    await Promise.all([
      database.chunks.where('traceId').equals(traceId).delete(),
      database.moments.where('traceId').equals(traceId).delete(),
      database.clips.where('traceId').equals(traceId).delete(),
      database.traces.delete(traceId),
    ]);
    const assets = await releaseAssets(database, traceId, assetHashes(chunks));
    return { trace, chunks, moments, clips, assets };
  });
}

export async function restoreTrace(database: ShadowtraceDB, deleted: DeletedTrace): Promise<void> {
  await database.transaction('rw', tables(database), async () => {
    const bytes = await reclaimAssets(database, deleted.trace.id, deleted.trace.bytes, deleted.assets);
    await database.traces.put({ ...deleted.trace, bytes });
    await database.chunks.bulkPut(deleted.chunks);
    await database.moments.bulkPut(deleted.moments);
    await database.clips.bulkPut(deleted.clips);
  });
}
