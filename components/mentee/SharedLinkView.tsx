/**
 * A shared clip, as a mentee watches it (issue 5): the link is parsed, the bundle downloaded, decrypted and
 * validated (all or nothing: any failure shows its own message and nothing of the clip renders), then replayed
 * with the author's notes and the process moments. The mentee asks a question at the current time; answers
 * appear as the author writes them (the thread is read again every few seconds while the clip is open).
 */
import { useEffect, useRef, useState } from 'react';
import type { Bundle } from '@/lib/bundle';
import { loadedTraceFromBundle, threadOf } from '@/lib/published';
import type { LoadedTrace } from '@/lib/replay/load';
import { formatClock } from '@/lib/replay/timeline';
import { openTraceLink, type ThreadEntry } from '@/lib/share-client';
import { StagePlayer, type StageApi } from '@/components/share/StagePlayer';
import { backgroundFetch, shareClient } from '@/components/share/transport';
import { codeOf, messageOf } from '@/components/share/messages';
import '@/components/share/share.css';

/** How often an open clip reads its thread again, for the author's answers. */
const THREAD_POLL_MS = 4000;

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; code: string }
  | { kind: 'ready'; bundle: Bundle; trace: LoadedTrace; id: string; service: string; key: string };

const MOMENT_WORDS: Record<string, string> = {
  pause: 'Pause',
  undo: 'Undo',
  redo: 'Redo',
  abandoned: 'Abandoned draft',
  revision: 'Revision',
  draft: 'Draft',
  burst: 'Typing',
  away: 'Away',
  navigation: 'New page',
  bookmark: 'Bookmark',
  note: 'Note',
};

export function SharedLinkView({ link, onClose }: { link: string; onClose: () => void }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [time, setTime] = useState(0);
  const [question, setQuestion] = useState('');
  const [thread, setThread] = useState<ThreadEntry[]>([]);
  const [threadError, setThreadError] = useState<string | null>(null);
  const [askState, setAskState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const stage = useRef<StageApi | null>(null);

  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    openTraceLink(link, { fetch: backgroundFetch }).then(
      (opened) => {
        if (cancelled) return;
        setState({ kind: 'ready', bundle: opened.bundle, trace: loadedTraceFromBundle(opened.bundle, `link-${opened.id}`), id: opened.id, service: opened.service, key: opened.key });
      },
      (err: unknown) => !cancelled && setState({ kind: 'error', message: messageOf(err), code: codeOf(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [link]);

  const ready = state.kind === 'ready' ? state : null;

  const loadThread = async () => {
    if (!ready) return;
    try {
      setThread(await shareClient(ready.service).thread(ready.id, ready.key));
      setThreadError(null);
    } catch (err) {
      setThreadError(messageOf(err));
    }
  };

  useEffect(() => {
    if (!ready) return;
    void loadThread();
    const timer = setInterval(() => void loadThread(), THREAD_POLL_MS);
    return () => clearInterval(timer);
  }, [ready?.id, ready?.key]);

  const header = (
    <div className="replay-header">
      <button type="button" aria-label="Back to traces" onClick={onClose}>
        ← Traces
      </button>
      <h1>{ready ? ready.bundle.title : 'Shared clip'}</h1>
    </div>
  );

  if (state.kind === 'loading') {
    return (
      <section aria-label="Shared clip" className="shared-view">
        {header}
        <div role="status">
          <progress aria-label="Opening the shared clip" />
          <p className="muted">Downloading and decrypting…</p>
        </div>
      </section>
    );
  }
  if (state.kind === 'error') {
    return (
      <section aria-label="Shared clip" className="shared-view">
        {header}
        <p className="problem" role="alert" data-error={state.code}>
          {state.message}
        </p>
      </section>
    );
  }

  const { bundle, trace } = state;
  const ask = async () => {
    const text = question.trim();
    if (!text) return;
    const at = Math.round(stage.current?.currentTime() ?? time);
    setAskState({ busy: true, message: null, error: false });
    try {
      await shareClient(state.service).ask(state.id, state.key, { t: at, text });
      setQuestion('');
      setAskState({ busy: false, message: `Asked at ${formatClock(at)}. The author is told; the answer appears here.`, error: false });
      await loadThread();
    } catch (err) {
      setAskState({ busy: false, message: messageOf(err), error: true });
    }
  };
  const threads = threadOf(thread);

  return (
    <section aria-label="Shared clip" className="shared-view">
      {header}
      <StagePlayer trace={trace} label="Shared clip replay" api={stage} onTime={setTime} />

      {bundle.notes.length > 0 && (
        <section aria-label="Author's notes" className="clip-section">
          <h2>Notes</h2>
          <ul className="plain" aria-label="Notes">
            {bundle.notes.map((n, i) => (
              <li key={i} className="clip-row">
                <button type="button" className="quiet" aria-label={`Go to ${formatClock(n.t)}`} onClick={() => stage.current?.seek(n.t)}>
                  {formatClock(n.t)}
                </button>
                <span style={{ flex: 1 }}>{n.text}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {bundle.moments.length > 0 && (
        <section aria-label="Process moments" className="clip-section">
          <h2>Moments</h2>
          <ul className="plain" aria-label="Moments">
            {bundle.moments.map((m, i) => (
              <li key={i} className="clip-row">
                <button type="button" className="quiet" onClick={() => stage.current?.seek(m.t)}>
                  {formatClock(m.t)}
                </button>
                <span>
                  {MOMENT_WORDS[m.kind] ?? m.kind}
                  {m.duration >= 1000 ? ` (${Math.round(m.duration / 1000)} s)` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-label="Questions" className="clip-section">
        <h2>Questions</h2>
        <form
          className="clip-row"
          onSubmit={(e) => {
            e.preventDefault();
            void ask();
          }}
        >
          <textarea aria-label="Question" rows={2} value={question} placeholder="What were you thinking here?" onChange={(e) => setQuestion(e.currentTarget.value)} />
          <button type="submit" className="primary" disabled={askState.busy || !question.trim()}>
            Ask a question at {formatClock(time)}
          </button>
        </form>
        {askState.message && (
          <p role={askState.error ? 'alert' : 'status'} className={askState.error ? 'error' : 'muted'}>
            {askState.message}
          </p>
        )}
        {threadError && (
          <p className="error" role="alert">
            {threadError}
          </p>
        )}
        {threads.length > 0 && (
          <ul className="plain thread" aria-label="Asked">
            {threads.map(({ question: q, answers }) => (
              <li key={q.id}>
                <div>
                  {q.t !== null && (
                    <button type="button" className="quiet" onClick={() => stage.current?.seek(q.t!)}>
                      {formatClock(q.t)}
                    </button>
                  )}{' '}
                  {q.text ?? <span className="muted">{q.problem}</span>}
                </div>
                {answers.length === 0 ? (
                  <div className="muted">Not answered yet.</div>
                ) : (
                  answers.map((a) => (
                    <div key={a.id} className="answer" aria-label="Answer">
                      {a.text ?? <span className="muted">{a.problem}</span>}
                    </div>
                  ))
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** The side panel's "Open a shared link" field. */
export function OpenSharedLink({ onOpen }: { onOpen: (link: string) => void }) {
  const [draft, setDraft] = useState('');
  return (
    <form
      aria-label="Open a shared link"
      className="share-open"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) onOpen(draft.trim());
        setDraft('');
      }}
    >
      <input type="text" aria-label="Shared link" placeholder="Paste a shared link: https://…/s/…#k=…" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} />
      <button type="submit">Open</button>
    </form>
  );
}
