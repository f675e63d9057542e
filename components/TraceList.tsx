import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useReplayStore } from '@/components/player/store';
import { db, type TraceRow } from '@/lib/db';
import { exportFileName, formatBytes, formatDuration, loadTraceEvents } from '@/lib/trace-export';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function TraceItem({ trace }: { trace: TraceRow }) {
  const [error, setError] = useState<string | null>(null);
  const recording = trace.status === 'recording';
  const openReplay = useReplayStore((s) => s.open);
  const exportTrace = async () => {
    setError(null);
    try {
      const events = await loadTraceEvents(db(), trace.id);
      download(exportFileName(trace.site, trace.startedAt), JSON.stringify(events));
    } catch (e) {
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <li className="trace" data-trace-id={trace.id} style={{ borderBottom: '1px solid var(--line)', padding: '8px 0' }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <strong style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={trace.title}>
          {recording && <span className="rec-dot" aria-label="Recording" />}
          {trace.title}
        </strong>
        <button aria-label={`Replay ${trace.title}`} className="primary" onClick={() => openReplay(trace.id)}>
          Replay
        </button>
        <button aria-label={`Export ${trace.title} as rrweb JSON`} onClick={() => void exportTrace()}>
          Export
        </button>
      </div>
      <div className="muted">
        <span className="trace-site">{trace.site}</span> · {new Date(trace.startedAt).toLocaleString()} ·{' '}
        <span className="trace-duration">{formatDuration(trace.endedAt - trace.startedAt)}</span> ·{' '}
        <span className="trace-size">{formatBytes(trace.bytes)}</span> · {trace.eventCount} events
      </div>
      {trace.problem && <div className="problem">{trace.problem}</div>}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </li>
  );
}

/** Every trace, newest first, read live from the database: a recording grows here while the senior works. */
export function TraceList() {
  const traces = useLiveQuery(() => db().traces.orderBy('startedAt').reverse().toArray(), []);
  if (!traces) return <p className="muted">Loading…</p>;
  if (traces.length === 0) {
    return (
      <p className="muted">
        No traces yet. Make a site shadowable from the toolbar button, then work as usual: the trace appears here.
      </p>
    );
  }
  return (
    <ul className="plain" aria-label="Traces">
      {traces.map((t) => (
        <TraceItem key={t.id} trace={t} />
      ))}
    </ul>
  );
}
