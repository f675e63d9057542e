/**
 * One trace's replay in the side panel: shows the player as soon as the trace's first frame is decoded, with
 * progress while the rest loads, and the trace's process moments read live from Dexie (a recording trace grows,
 * and its moments appear as they are computed); Back returns to the list.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import { db } from '@/lib/db';
import type { LoadProgress } from '@/lib/replay/load';
import { formatBytes } from '@/lib/trace-export';
import { Player } from './Player';
import { useReplayStore } from './store';
import { useGrowingTrace } from './use-growing-trace';

const NO_MOMENTS: never[] = [];

function LoadProgressBar({ progress, label }: { progress: LoadProgress | null; label: string }) {
  return (
    <div className="replay-loading" role="status">
      <progress aria-label={label} max={progress?.bytesTotal || 1} value={progress?.bytesDone ?? 0} />
      <p className="muted">
        {progress ? `${label}: ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}…` : `${label}…`}
      </p>
    </div>
  );
}

export function ReplayView({ traceId }: { traceId: string }) {
  const close = useReplayStore((s) => s.close);
  const moments = useLiveQuery(
    () => db().moments.where('[traceId+t]').between([traceId, Dexie.minKey], [traceId, Dexie.maxKey]).toArray(),
    [traceId],
  );
  const { state, growth, row } = useGrowingTrace(traceId);

  const title = row?.title ?? (state.kind === 'ready' ? state.trace.title : 'Trace');
  return (
    <section className="replay-page" aria-label={`Replay of ${title}`}>
      <div className="replay-header">
        <button type="button" aria-label="Back to traces" onClick={close}>
          ← Traces
        </button>
        <h1 title={title}>{title}</h1>
      </div>
      {row && (
        <p className="muted" style={{ margin: '0 0 8px' }}>
          {row.site} · {new Date(row.startedAt).toLocaleString()}
          {row.status === 'recording' && ' · still recording: the replay grows as the work goes on'}
        </p>
      )}
      {state.kind === 'loading' && <LoadProgressBar progress={state.progress} label="Loading trace" />}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'ready' && <Player trace={state.trace} moments={moments ?? NO_MOMENTS} growth={growth} />}
      {state.kind === 'ready' && state.rest && <LoadProgressBar progress={state.rest} label="Loading the rest of the trace" />}
    </section>
  );
}
