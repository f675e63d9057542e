import { useState } from 'react';
import { groupTraces } from '@/components/library/grouping';
import { useLibraryStore } from '@/components/library/store';
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

/** The moment summary a colleague's detector writes on the row, when there is one. */
function summaryOf(trace: TraceRow): string | null {
  const summary = (trace as TraceRow & { summary?: unknown }).summary;
  return typeof summary === 'string' && summary.trim() !== '' ? summary : null;
}

const clock = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

function TraceItem({ trace }: { trace: TraceRow }) {
  const [error, setError] = useState<string | null>(null);
  const recording = trace.status === 'recording';
  const openReplay = useReplayStore((s) => s.open);
  const remove = useLibraryStore((s) => s.remove);
  const summary = summaryOf(trace);
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
    <li className="trace" data-trace-id={trace.id}>
      <div className="trace-main">
        <strong className="trace-title" title={trace.title}>
          {recording && <span className="rec-dot" aria-label="Recording" />}
          {trace.title}
        </strong>
        <div className="muted trace-meta">
          <span className="visually-hidden">
            <span className="trace-site">{trace.site}</span>,{' '}
          </span>
          <time dateTime={new Date(trace.startedAt).toISOString()} title={new Date(trace.startedAt).toLocaleString()}>
            {clock(trace.startedAt)}
          </time>
          {' · '}
          <span className="trace-duration">{formatDuration(trace.endedAt - trace.startedAt)}</span>
          {' · '}
          <span className="trace-size">{formatBytes(trace.bytes)}</span>
          {' · '}
          {trace.eventCount} events
          {trace.source === 'imported' && <span className="trace-badge">imported</span>}
        </div>
        {summary && <div className="trace-summary">{summary}</div>}
      </div>
      <div className="trace-actions">
        <button aria-label={`Replay ${trace.title}`} className="primary" onClick={() => openReplay(trace.id)}>
          Replay
        </button>
        <button aria-label={`Export ${trace.title} as rrweb JSON`} onClick={() => void exportTrace()}>
          Export
        </button>
        <button
          aria-label={`Delete ${trace.title}`}
          className="quiet"
          disabled={recording}
          title={recording ? 'Stop recording this tab before deleting its trace' : undefined}
          onClick={() => void remove(trace.id)}
        >
          Delete
        </button>
      </div>
      {trace.problem && <div className="problem trace-problem">{trace.problem}</div>}
      {error && (
        <div className="error trace-problem" role="alert">
          {error}
        </div>
      )}
    </li>
  );
}

/**
 * Traces grouped by day, then by site, newest first. The traces come from the library, which reads them live from
 * the database: a recording grows here while the senior works.
 */
export function TraceList({ traces }: { traces: readonly TraceRow[] }) {
  const days = groupTraces(traces);
  return (
    <ul className="plain trace-days" aria-label="Traces">
      {days.map((day) => (
        <li key={day.key} className="trace-day">
          <h2>{day.label}</h2>
          <ul className="plain">
            {day.sites.map((group) => (
              <li key={group.site} className="trace-group">
                <h3 className="trace-group-site">
                  {group.site}
                  <span className="muted"> · {group.traces.length === 1 ? '1 trace' : `${group.traces.length} traces`}</span>
                </h3>
                <ul className="plain" aria-label={`${day.label}, ${group.site}`}>
                  {group.traces.map((t) => (
                    <TraceItem key={t.id} trace={t} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
