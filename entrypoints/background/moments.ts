/** When the background refreshes a trace's process moments: at its end, and now and then while it records. */
import { db } from '@/lib/db';
import { momentsAreStale, recomputeMoments } from '@/lib/moments-store';

function recompute(traceId: string): Promise<void> {
  return recomputeMoments(db(), traceId).then(
    () => undefined,
    // A trace whose chunks cannot be read keeps its old moments; the library still lists it.
    (error: unknown) => console.warn(`Shadowtrace: moments of ${traceId} not updated`, error),
  );
}

/** Traces that just ended: their moments become final (a late batch from a closed tab refreshes them again). */
export function refreshMoments(traceIds: readonly string[]): void {
  for (const id of traceIds) void recompute(id);
}

export function refreshMomentsIfDue(traceId: string): void {
  void db()
    .traces.get(traceId)
    .then((trace) => {
      if (trace && (trace.status === 'ended' || momentsAreStale(trace))) return recompute(traceId);
    });
}
