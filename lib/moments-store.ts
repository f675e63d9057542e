/**
 * Keeps a trace's stored moments in step with its events. Moments are always recomputed for the whole trace,
 * never patched, so an adaptive threshold that moved never leaves some moments computed under the old one.
 */
import type { MomentRow, ShadowtraceDB } from './db';
import { analyseTrace, momentSummary } from './moments';
import { loadTraceEvents } from './trace-export';

/** While a trace records, its moments are refreshed at most this often (each refresh reads the whole trace). */
export const LIVE_REFRESH_MS = 15_000;

export async function recomputeMoments(db: ShadowtraceDB, traceId: string): Promise<MomentRow[]> {
  const events = await loadTraceEvents(db, traceId);
  const { moments, threshold: pauseThresholdMs } = analyseTrace(events);
  const rows: MomentRow[] = moments.map((m, i) => ({ ...m, id: `${traceId}:${i}`, traceId }));
  const lastEvent = events.at(-1) as { timestamp?: unknown } | undefined;
  await db.transaction('rw', db.traces, db.moments, async () => {
    const trace = await db.traces.get(traceId);
    if (!trace) return;
    await db.moments.where('traceId').equals(traceId).delete();
    await db.moments.bulkAdd(rows);
    await db.traces.update(traceId, {
      summary: momentSummary(moments),
      momentsUpTo: typeof lastEvent?.timestamp === 'number' ? lastEvent.timestamp : trace.endedAt,
      pauseThresholdMs,
    });
  });
  return rows;
}

/** True when a recording trace's moments are older than the live refresh interval. */
export function momentsAreStale(trace: { endedAt: number; momentsUpTo?: number }): boolean {
  return trace.endedAt - (trace.momentsUpTo ?? 0) >= LIVE_REFRESH_MS;
}
