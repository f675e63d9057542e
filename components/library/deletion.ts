/**
 * Deleting a trace removes its row, chunks, moments and clips in one transaction; the removed rows stay in this
 * page's memory (the library store) for the undo window, and undo puts exactly those rows back in one transaction.
 */
import type { ChunkRow, ClipRow, MomentRow, ShadowtraceDB, TraceRow } from '@/lib/db';

export interface DeletedTrace {
  trace: TraceRow;
  chunks: ChunkRow[];
  moments: MomentRow[];
  clips: ClipRow[];
}

export async function deleteTrace(database: ShadowtraceDB, traceId: string): Promise<DeletedTrace | null> {
  return database.transaction('rw', [database.traces, database.chunks, database.moments, database.clips], async () => {
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
    return { trace, chunks, moments, clips };
  });
}

export async function restoreTrace(database: ShadowtraceDB, deleted: DeletedTrace): Promise<void> {
  await database.transaction('rw', [database.traces, database.chunks, database.moments, database.clips], async () => {
    await database.traces.put(deleted.trace);
    await database.chunks.bulkPut(deleted.chunks);
    await database.moments.bulkPut(deleted.moments);
    await database.clips.bulkPut(deleted.clips);
  });
}
