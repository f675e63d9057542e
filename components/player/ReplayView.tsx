/**
 * One trace's replay in the side panel: loads it with progress, then shows the player with the trace's process
 * moments, read live from Dexie (a recording trace's moments appear as they are computed); Back returns to the list.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Dexie } from 'dexie';
import { db } from '@/lib/db';
import { loadTrace, type LoadProgress, type LoadedTrace } from '@/lib/replay/load';
import { formatBytes } from '@/lib/trace-export';
import { Player } from './Player';
import { useReplayStore } from './store';

const NO_MOMENTS: never[] = [];

type LoadState =
  | { kind: 'loading'; progress: LoadProgress | null }
  | { kind: 'ready'; trace: LoadedTrace }
  | { kind: 'error'; message: string };

export function ReplayView({ traceId }: { traceId: string }) {
  const close = useReplayStore((s) => s.close);
  const row = useLiveQuery(() => db().traces.get(traceId), [traceId]);
  const moments = useLiveQuery(
    () => db().moments.where('[traceId+t]').between([traceId, Dexie.minKey], [traceId, Dexie.maxKey]).toArray(),
    [traceId],
  );
  const [state, setState] = useState<LoadState>({ kind: 'loading', progress: null });

  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: 'loading', progress: null });
    loadTrace(db(), traceId, {
      signal: abort.signal,
      onProgress: (progress) => !abort.signal.aborted && setState({ kind: 'loading', progress }),
    }).then(
      (trace) => !abort.signal.aborted && setState({ kind: 'ready', trace }),
      (e: unknown) =>
        !abort.signal.aborted && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => abort.abort();
  }, [traceId]);

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
          {row.status === 'recording' && ' · still recording: this replay shows what was stored when it opened'}
        </p>
      )}
      {state.kind === 'loading' && (
        <div className="replay-loading" role="status">
          <progress
            aria-label="Loading trace"
            max={state.progress?.bytesTotal || 1}
            value={state.progress?.bytesDone ?? 0}
          />
          <p className="muted">
            {state.progress
              ? `Loading ${formatBytes(state.progress.bytesDone)} of ${formatBytes(state.progress.bytesTotal)}…`
              : 'Loading…'}
          </p>
        </div>
      )}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'ready' && <Player trace={state.trace} moments={moments ?? NO_MOMENTS} />}
    </section>
  );
}
