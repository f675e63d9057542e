/**
 * The clip editor (issue 5): choose a range at the playhead, add notes at timestamps (with "why?" prompts at the
 * biggest pauses, undos and abandoned drafts inside the range), pick elements to hide or mask, preview exactly
 * what will be published (the bundle encoded, then decoded and replayed), then publish it to the team's share
 * service or save it as a `.shadowtrace` file.
 *
 * The preview and the upload use the same bytes: the bundle is built once per set of choices and kept until a
 * choice changes.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { bundleFile, bundleFileName, bundleFromClip, decodeBundle, encodeBundle, type Bundle, type EncodedBundle } from '@/lib/bundle';
import { clipEvents } from '@/lib/clip';
import { flattenChains } from '@/components/player/canvas-painter';
import { fetchResources, type CarryReport } from '@/lib/clip/carry';
import { loadTraceEvents } from '@/lib/trace-export';
import { fetchThroughBackground } from './carry-client';
import { db } from '@/lib/db';
import {
  DEFAULT_EXPIRY_DAYS,
  EXPIRY_DAYS,
  expiryFor,
  loadedTraceFromBundle,
  redactionsOf,
  setRangeEnd,
  setRangeStart,
  whyPrompts,
  withRedaction,
  type ClipRecord,
  type Range,
} from '@/lib/published';
import { compileSelector } from '@/lib/redact/selector';
import type { RedactionMode } from '@/lib/redact';
import { loadTrace, type LoadedTrace } from '@/lib/replay/load';
import { formatClock } from '@/lib/replay/timeline';
import { shareServiceUrl } from '@/lib/share-settings';
import { formatBytes } from '@/lib/trace-export';
import { StagePlayer, type StageApi } from '@/components/share/StagePlayer';
import { refreshQuestionBadge, shareClient } from '@/components/share/transport';
import { codeOf, messageOf } from '@/components/share/messages';
import { PickOverlay, type Picked } from './PickOverlay';
import '@/components/share/share.css';

interface Built {
  signature: string;
  /** What publishing carries inside the bundle (images, stylesheets) and what it had to leave out. */
  carried: CarryReport;
  bundle: Bundle;
  encoded: EncodedBundle;
  preview: LoadedTrace;
}

type PublishState =
  | { step: 'idle' }
  | { step: 'encoding' }
  | { step: 'uploading'; loaded: number; total: number }
  | { step: 'done'; link: string; copied: boolean; expiresAt: string }
  | { step: 'error'; message: string; code: string };

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Past the click's user activation (a long upload) the async API may refuse; the older command may not.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

function download(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ClipEditor({ traceId, onClose }: { traceId: string; onClose: () => void }) {
  const row = useLiveQuery(() => db().traces.get(traceId), [traceId]);
  const moments = useLiveQuery(() => db().moments.where('traceId').equals(traceId).toArray(), [traceId]);
  const [trace, setTrace] = useState<LoadedTrace | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [range, setRange] = useState<Range | null>(null);
  const [playhead, setPlayhead] = useState(0);
  const [title, setTitle] = useState('');
  const [notes, setNotes] = useState<{ t: number; text: string }[]>([]);
  const [noteDraft, setNoteDraft] = useState('');
  const [notePrompt, setNotePrompt] = useState('Why this step?');
  const [redactions, setRedactions] = useState<Picked[]>([]);
  const [picking, setPicking] = useState(false);
  const [pickMode, setPickMode] = useState<RedactionMode>('hide');
  const [selectorDraft, setSelectorDraft] = useState('');
  const [redactError, setRedactError] = useState<string | null>(null);
  const [expiryDays, setExpiryDays] = useState<number>(DEFAULT_EXPIRY_DAYS);
  const [view, setView] = useState<'edit' | 'preview'>('edit');
  const [built, setBuilt] = useState<Built | null>(null);
  const [building, setBuilding] = useState(false);
  const [buildError, setBuildError] = useState<{ message: string; code: string } | null>(null);
  const [publish, setPublish] = useState<PublishState>({ step: 'idle' });
  const [fileMessage, setFileMessage] = useState<string | null>(null);
  const stage = useRef<StageApi | null>(null);
  const noteInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    loadTrace(db(), traceId, { signal: abort.signal }).then(
      (t) => {
        if (abort.signal.aborted) return;
        setTrace(t);
        setRange({ start: t.start, end: t.end });
        setPlayhead(t.start);
      },
      (e: unknown) => !abort.signal.aborted && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => abort.abort();
  }, [traceId]);

  const signature = JSON.stringify({ range, title, notes, r: redactions.map(({ selector, mode, size }) => ({ selector, mode, size })) });
  const stale = built !== null && built.signature !== signature;

  const prompts = useMemo(
    () => (range && moments ? whyPrompts(moments, range, { notes }) : []),
    [moments, range, notes],
  );

  if (loadError) {
    return (
      <section aria-label="Clip editor">
        <button type="button" onClick={onClose}>
          ← Replay
        </button>
        <p className="error" role="alert">
          {loadError}
        </p>
      </section>
    );
  }
  if (!trace || !range) {
    return (
      <section aria-label="Clip editor">
        <p role="status">Loading the trace…</p>
      </section>
    );
  }

  const rel = (t: number) => formatClock(t - trace.start);
  const bounds = { start: trace.start, end: trace.end };

  /** Clips, bundles, encodes (refusing an oversized clip with its size), and decodes again for the preview. */
  const build = async (): Promise<Built> => {
    if (built && built.signature === signature) return built;
    const options = { redactions: redactionsOf(redactions), moments: moments ?? [], notes };
    // Images and stylesheets the clip shows ride inside it: the mentee may have no access to the source site.
    // They are found before the sanitiser (which drops every outside URL) and fetched by the background.
    // The stored events, not the replay's: the replay already dropped the outside URLs that are to be carried.
    // clipEvents sanitises what it returns.
    const stored = await loadTraceEvents(db(), traceId);
    const found = clipEvents(stored, range, { ...options, unsanitized: true });
    const { carried: resources, report: carried } = await fetchResources(found.events, fetchThroughBackground);
    // A canvas whose picture at the start is a key frame and deltas starts the clip as one whole frame.
    const canvasAtStart = await flattenChains(found.canvasChains);
    const clip = clipEvents(stored, range, { ...options, carried: resources, canvasAtStart });
    const bundle = bundleFromClip(clip, { title: title || row?.title || 'Untitled clip' });
    const encoded = await encodeBundle(bundle);
    const decoded = await decodeBundle(encoded.bytes, encoded.key);
    const next = { signature, carried, bundle, encoded, preview: loadedTraceFromBundle(decoded.bundle, `preview-${traceId}`) };
    setBuilt(next);
    return next;
  };

  const showPreview = async () => {
    setBuilding(true);
    setBuildError(null);
    try {
      await build();
      setView('preview');
      setPicking(false);
    } catch (err) {
      setBuildError({ message: messageOf(err), code: codeOf(err) });
    } finally {
      setBuilding(false);
    }
  };

  const doPublish = async () => {
    const service = await shareServiceUrl.getValue();
    if (!service) {
      setPublish({ step: 'error', code: 'no_service', message: 'No share service is set: enter its URL on the options page (Settings), then publish again.' });
      return;
    }
    try {
      setPublish({ step: 'encoding' });
      const b = await build();
      const total = b.encoded.bytes.byteLength;
      setPublish({ step: 'uploading', loaded: 0, total });
      const client = shareClient(service);
      const up = await client.upload(b.encoded.bytes, {
        expiry: expiryFor(expiryDays),
        onProgress: (p) => setPublish({ step: 'uploading', loaded: p.loaded, total: p.total }),
      });
      const link = client.linkFor(up.id, b.encoded.key);
      const record: ClipRecord = {
        id: crypto.randomUUID(),
        traceId,
        start: range.start,
        end: range.end,
        createdAt: Date.now(),
        title: b.bundle.title,
        notes,
        redactions: redactions.map(({ selector, mode, size }) => (size ? { selector, mode, size } : { selector, mode })),
        published: { url: link, revokeToken: up.revokeToken, expiresAt: Date.parse(up.expiresAt) },
      };
      await db().clips.put(record);
      const copied = await copyText(link);
      setPublish({ step: 'done', link, copied, expiresAt: up.expiresAt });
      void refreshQuestionBadge();
    } catch (err) {
      setPublish({ step: 'error', message: messageOf(err), code: codeOf(err) });
    }
  };

  const saveFile = async () => {
    setFileMessage(null);
    try {
      const b = await build();
      download(bundleFile(b.encoded), bundleFileName(b.bundle.title, b.bundle.created), 'application/octet-stream');
      setFileMessage(`Saved ${bundleFileName(b.bundle.title, b.bundle.created)} (${formatBytes(b.encoded.bytes.byteLength + 37)}). Whoever has the file can watch it.`);
    } catch (err) {
      setFileMessage(messageOf(err));
    }
  };

  const addNote = () => {
    const text = noteDraft.trim();
    if (!text) return;
    setNotes((n) => [...n, { t: Math.round(stage.current?.currentTime() ?? playhead), text }].sort((a, b) => a.t - b.t));
    setNoteDraft('');
    setNotePrompt('Why this step?');
  };

  const addSelector = () => {
    setRedactError(null);
    const selector = selectorDraft.trim();
    if (!selector) return;
    try {
      compileSelector(selector);
    } catch (err) {
      setRedactError(messageOf(err));
      return;
    }
    setRedactions((list) => withRedaction(list, { selector, mode: pickMode }).map((r) => ('label' in r ? (r as Picked) : { ...r, label: selector })));
    setSelectorDraft('');
  };

  const busy = publish.step === 'encoding' || publish.step === 'uploading';
  const inRange = (t: number) => t >= range.start && t <= range.end;

  return (
    <section aria-label="Clip editor" className="clip-editor">
      <div className="replay-header">
        <button type="button" aria-label="Back to replay" onClick={onClose}>
          ← Replay
        </button>
        <h1>Clip of {row?.title ?? trace.title}</h1>
      </div>

      <div role="tablist" aria-label="Clip views" className="clip-tabs">
        <button type="button" role="tab" aria-selected={view === 'edit'} onClick={() => setView('edit')}>
          Edit
        </button>
        <button type="button" role="tab" aria-selected={view === 'preview'} disabled={building} onClick={() => void showPreview()}>
          Preview
        </button>
      </div>
      {built && (built.carried.carried > 0 || built.carried.skipped.length > 0) && (
        <p className="muted" role="status" aria-label="Carried resources">
          {built.carried.carried} image{built.carried.carried === 1 ? '' : 's'} and stylesheet
          {built.carried.carried === 1 ? '' : 's'} carried inside the clip
          {built.carried.skipped.length > 0 &&
            `; left out (they will not show): ${built.carried.skipped.map((s) => `${s.url} (${s.reason})`).join(', ')}`}
          .
        </p>
      )}
      {buildError && (
        <p className="error" role="alert" data-error={buildError.code}>
          {buildError.message}
        </p>
      )}

      {view === 'edit' ? (
        <>
          <StagePlayer
            trace={trace}
            label="Replay to clip"
            api={stage}
            onTime={setPlayhead}
            range={range}
            overlay={picking ? <PickOverlay api={stage} mode={pickMode} onPick={(p) => setRedactions((l) => withRedaction(l, p) as Picked[])} /> : null}
          />

          <section aria-label="Range" className="clip-section">
            <h2>Range</h2>
            <div className="clip-range-bar" aria-hidden="true">
              <span
                style={{
                  left: `${(100 * (range.start - trace.start)) / Math.max(1, trace.end - trace.start)}%`,
                  width: `${(100 * (range.end - range.start)) / Math.max(1, trace.end - trace.start)}%`,
                }}
              />
            </div>
            <p className="clip-row">
              <button type="button" onClick={() => setRange(setRangeStart(range, stage.current?.currentTime() ?? playhead, bounds))}>
                Set start
              </button>
              <button type="button" onClick={() => setRange(setRangeEnd(range, stage.current?.currentTime() ?? playhead, bounds))}>
                Set end
              </button>
              <output aria-label="Clip range" data-start={range.start} data-end={range.end}>
                {rel(range.start)} to {rel(range.end)} ({formatClock(range.end - range.start)})
              </output>
            </p>
          </section>

          <section aria-label="Notes" className="clip-section">
            <h2>Notes</h2>
            <form
              className="clip-row"
              onSubmit={(e) => {
                e.preventDefault();
                addNote();
              }}
            >
              <input ref={noteInput} type="text" aria-label="Note" placeholder={notePrompt} value={noteDraft} onChange={(e) => setNoteDraft(e.currentTarget.value)} />
              <button type="submit">Add note at {rel(playhead)}</button>
            </form>
            {notes.length > 0 && (
              <ul className="plain" aria-label="Clip notes">
                {notes.map((n, i) => (
                  <li key={`${n.t}-${i}`} className="clip-row">
                    <button type="button" className="quiet" onClick={() => stage.current?.seek(n.t)}>
                      {rel(n.t)}
                    </button>
                    <span style={{ flex: 1 }}>
                      {n.text}
                      {!inRange(n.t) && <span className="muted"> (outside the range: not published)</span>}
                    </span>
                    <button type="button" aria-label={`Remove note ${n.text}`} onClick={() => setNotes((l) => l.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {prompts.length > 0 && (
              <>
                <h3 className="clip-subhead">Worth explaining</h3>
                <ul className="plain" aria-label="Why? prompts">
                  {prompts.map((p) => (
                    <li key={`${p.kind}-${p.t}`} className="clip-row">
                      <span className="muted">{rel(p.t)}</span>
                      <span style={{ flex: 1 }}>{p.question}</span>
                      <button
                        type="button"
                        onClick={() => {
                          stage.current?.seek(p.t);
                          setPlayhead(p.t);
                          setNotePrompt(p.question);
                          noteInput.current?.focus();
                        }}
                      >
                        Explain
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section aria-label="Redactions" className="clip-section">
            <h2>Redact</h2>
            <p className="clip-row">
              <label>
                <span className="muted">Redaction mode </span>
                <select aria-label="Redaction mode" value={pickMode} onChange={(e) => setPickMode(e.currentTarget.value as RedactionMode)}>
                  <option value="hide">Hide (placeholder)</option>
                  <option value="mask">Mask text</option>
                </select>
              </label>
              <button type="button" aria-pressed={picking} onClick={() => setPicking((p) => !p)}>
                {picking ? 'Stop picking' : 'Pick elements to redact'}
              </button>
            </p>
            {picking && <p className="muted">Click an element in the replay above to {pickMode === 'hide' ? 'hide' : 'mask'} it.</p>}
            <form
              className="clip-row"
              onSubmit={(e) => {
                e.preventDefault();
                addSelector();
              }}
            >
              <input type="text" aria-label="Selector to redact" placeholder=".secret, #token" value={selectorDraft} onChange={(e) => setSelectorDraft(e.currentTarget.value)} />
              <button type="submit">Add redaction</button>
            </form>
            {redactError && (
              <p className="error" role="alert">
                {redactError}
              </p>
            )}
            {redactions.length > 0 && (
              <ul className="plain" aria-label="Redacted elements">
                {redactions.map((r) => (
                  <li key={r.selector} className="clip-row">
                    <span style={{ flex: 1 }}>
                      {r.mode === 'hide' ? 'Hidden' : 'Masked'}: <code>{r.label}</code>
                    </span>
                    <button type="button" aria-label={`Remove redaction ${r.label}`} onClick={() => setRedactions((l) => l.filter((x) => x.selector !== r.selector))}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : (
        built && (
          <section aria-label="Preview" className="clip-section">
            <p className="muted">
              Exactly what will be published{stale ? ' (out of date: open Preview again to see your latest changes)' : ''}:{' '}
              {formatClock(built.bundle.duration)}, {built.bundle.notes.length} note{built.bundle.notes.length === 1 ? '' : 's'},{' '}
              {formatBytes(built.encoded.bytes.byteLength)} encrypted.
            </p>
            <StagePlayer trace={built.preview} label="Preview of the clip" />
            {built.bundle.notes.length > 0 && (
              <ul className="plain" aria-label="Preview notes">
                {built.bundle.notes.map((n, i) => (
                  <li key={i}>
                    <span className="muted">{formatClock(n.t)}</span> {n.text}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )
      )}

      <section aria-label="Publish" className="clip-section">
        <h2>Publish</h2>
        <p className="clip-row">
          <input type="text" aria-label="Clip title" placeholder={row?.title ?? 'Untitled clip'} value={title} maxLength={200} onChange={(e) => setTitle(e.currentTarget.value)} />
          <label>
            <span className="muted">Expires after </span>
            <select aria-label="Expires after" value={expiryDays} onChange={(e) => setExpiryDays(Number(e.currentTarget.value))}>
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? '1 day' : `${d} days`}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p className="clip-row">
          <button type="button" className="primary" disabled={busy} onClick={() => void doPublish()}>
            Publish
          </button>
          <button type="button" disabled={busy} onClick={() => void saveFile()}>
            Save as .shadowtrace file
          </button>
        </p>
        {publish.step === 'encoding' && (
          <div role="status">
            <progress aria-label="Publishing" />
            <span className="muted"> Clipping, compressing and encrypting…</span>
          </div>
        )}
        {publish.step === 'uploading' && (
          <div role="status">
            <progress aria-label="Publishing" max={publish.total || 1} value={publish.loaded >= publish.total ? publish.total : undefined} />
            <span className="muted">
              {' '}
              Uploading {formatBytes(publish.total)}
              {publish.loaded > 0 ? ` (${formatBytes(publish.loaded)} sent)` : ''}…
            </span>
          </div>
        )}
        {publish.step === 'done' && (
          <div role="status" className="clip-published">
            <p>{publish.copied ? 'Published. The link is copied to the clipboard:' : 'Published. Copy the link:'}</p>
            <input type="text" readOnly aria-label="Published link" value={publish.link} onFocus={(e) => e.currentTarget.select()} />
            <p className="muted">Only people with this link can watch, until {new Date(publish.expiresAt).toUTCString()}.</p>
          </div>
        )}
        {publish.step === 'error' && (
          <p className="error" role="alert" data-error={publish.code}>
            {publish.message}
          </p>
        )}
        {fileMessage && <p role="status">{fileMessage}</p>}
      </section>
    </section>
  );
}
