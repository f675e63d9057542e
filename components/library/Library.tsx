/**
 * The side panel's library: search, import, the traces grouped by day and site, space used, and undo for a
 * delete. Everything is read live from Dexie; only deleted rows waiting for undo are kept in this page.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';
import { TraceList } from '@/components/TraceList';
import { db } from '@/lib/db';
import { formatBytes } from '@/lib/trace-export';
import { matchesQuery } from './grouping';
import { fullHint, percentUsed, quotaLine, useStorageEstimate } from './storage';
import { useLibraryStore, type ImportState } from './store';
import './library.css';

function ImportStatus({ state }: { state: ImportState }) {
  const dismiss = useLibraryStore((s) => s.dismissImport);
  if (state.kind === 'idle') return null;
  if (state.kind === 'working') {
    const p = state.progress;
    const words =
      !p || p.phase === 'reading'
        ? `Reading ${formatBytes(p?.done ?? 0)} of ${formatBytes(state.size)}…`
        : p.phase === 'checking'
          ? 'Checking the events…'
          : p.phase === 'compressing'
            ? `Compressing chunk ${p.done} of ${p.total}…`
            : 'Saving…';
    // Reading counts for the first half of the bar, compressing for the second.
    const fraction = !p
      ? 0
      : p.phase === 'reading'
        ? (p.done / Math.max(1, p.total)) * 0.5
        : p.phase === 'checking'
          ? 0.5
          : p.phase === 'compressing'
            ? 0.5 + (p.done / Math.max(1, p.total)) * 0.45
            : 0.97;
    return (
      <div className="library-notice" role="status">
        <div>
          Importing <strong>{state.fileName}</strong>: {words}
        </div>
        <progress aria-label="Import progress" max={1} value={fraction} />
      </div>
    );
  }
  if (state.kind === 'done') {
    return (
      <div className="library-notice" role="status">
        <span>
          Imported <strong>{state.title}</strong> ({state.events} events).
        </span>
        <button className="quiet" aria-label="Dismiss import message" onClick={dismiss}>
          OK
        </button>
      </div>
    );
  }
  return (
    <div className="problem import-error" role="alert">
      <div>
        <strong>{state.fileName}</strong> was not imported. {state.message}
      </div>
      <button className="quiet" aria-label="Dismiss import message" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function UndoToasts() {
  const pending = useLibraryStore((s) => s.pending);
  const undo = useLibraryStore((s) => s.undo);
  if (pending.length === 0) return null;
  return (
    <div className="library-toasts">
      {pending.map((p) => (
        <div className="toast" role="status" key={p.key}>
          <span id={`undo-${p.key}`} className="toast-text">
            Deleted <strong>{p.deleted.trace.title}</strong>
          </span>
          <button aria-label="Undo delete" aria-describedby={`undo-${p.key}`} onClick={() => void undo(p.key)}>
            Undo
          </button>
          <span className="toast-timer" style={{ animationDuration: `${Math.max(0, p.expiresAt - Date.now())}ms` }} />
        </div>
      ))}
    </div>
  );
}

function StorageFooter({ traceBytes, traceCount }: { traceBytes: number; traceCount: number }) {
  const estimate = useStorageEstimate([traceBytes, traceCount]);
  const hint = estimate && fullHint(estimate);
  return (
    <footer className="library-storage" aria-label="Storage">
      <div>
        {traceCount === 1 ? '1 trace' : `${traceCount} traces`} · {formatBytes(traceBytes)} compressed
      </div>
      {estimate && estimate.quota > 0 && (
        <>
          <div className="muted">{quotaLine(estimate)}</div>
          <div
            className={`storage-bar${hint ? ' high' : ''}`}
            role="meter"
            aria-label="Storage used"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(percentUsed(estimate) * 100)}
          >
            <span style={{ width: `${Math.min(100, percentUsed(estimate) * 100)}%` }} />
          </div>
        </>
      )}
      {hint && <div className="problem storage-hint">{hint}</div>}
    </footer>
  );
}

export function Library() {
  const traces = useLiveQuery(() => db().traces.toArray(), []);
  const query = useLibraryStore((s) => s.query);
  const setQuery = useLibraryStore((s) => s.setQuery);
  const importState = useLibraryStore((s) => s.importState);
  const startImport = useLibraryStore((s) => s.importFile);
  const error = useLibraryStore((s) => s.error);
  const dismissError = useLibraryStore((s) => s.dismissError);
  const fileInput = useRef<HTMLInputElement>(null);

  const shown = traces?.filter((t) => matchesQuery(t, query)) ?? [];
  const totalBytes = traces?.reduce((n, t) => n + t.bytes, 0) ?? 0;

  return (
    <div className="library">
      <div className="library-toolbar">
        <input
          type="search"
          aria-label="Search traces"
          placeholder="Search title or site"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          disabled={importState.kind === 'working'}
          aria-label="Import rrweb JSON file"
          title="Import a recording saved as rrweb JSON (by rrweb, Shadowtrace's Export, or tools that export rrweb events)"
        >
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label="rrweb JSON file to import"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void startImport(file);
          }}
        />
      </div>
      <ImportStatus state={importState} />
      {error && (
        <div className="problem" role="alert">
          {error}{' '}
          <button className="quiet" onClick={dismissError}>
            Dismiss
          </button>
        </div>
      )}
      {!traces ? (
        <p className="muted">Loading…</p>
      ) : traces.length === 0 ? (
        <p className="muted">
          No traces yet. Make a site shadowable from the toolbar button, then work as usual: the trace appears here.
          Or import a recording saved as rrweb JSON.
        </p>
      ) : shown.length === 0 ? (
        <p className="muted">No trace matches “{query}” in its title or site.</p>
      ) : (
        <TraceList traces={shown} />
      )}
      {traces && <StorageFooter traceBytes={totalBytes} traceCount={traces.length} />}
      <UndoToasts />
    </div>
  );
}
