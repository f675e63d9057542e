/**
 * The draft view: for one field at a time, its versions side by side (stacked in a narrow panel), each with an
 * inline diff against the version before it (what was removed, what was added), each linked to its moment: the
 * version's button seeks the replay to when that version was reached.
 */
import './drafts.css';
import { memo, useMemo, useState } from 'react';
import type { Draft } from '@/lib/moments';
import { formatClock } from '@/lib/replay/timeline';
import { foldSame, inlineDiff } from '@/lib/timeline/diff';

export interface DraftViewProps {
  drafts: readonly Draft[];
  /** Field key to name, as `fieldNames` gives. */
  names: ReadonlyMap<string, string>;
  /** The trace's first timestamp, from which clocks count. */
  start: number;
  /** The playhead: the version on screen is highlighted. */
  playhead: number;
  onSeek: (t: number) => void;
}

function Diff({ before, after }: { before: string; after: string }) {
  const parts = useMemo(() => foldSame(inlineDiff(before, after)), [before, after]);
  if (parts.length === 0) return <p className="draft-diff muted">(empty)</p>;
  return (
    <p className="draft-diff">
      {parts.map((p, i) =>
        p.kind === 'removed' ? (
          <del key={i}>
            <span className="visually-hidden">[removed: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : p.kind === 'added' ? (
          <ins key={i}>
            <span className="visually-hidden">[added: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <span key={i} className={p.kind === 'fold' ? 'draft-fold' : undefined}>
            {p.text}
          </span>
        ),
      )}
    </p>
  );
}

const Versions = memo(function Versions({ draft, start, current, onSeek }: { draft: Draft; start: number; current: number; onSeek: (t: number) => void }) {
  return (
    <ol className="draft-versions plain" aria-label="Versions">
      {draft.versions.map((v, i) => {
        const prev = draft.versions[i - 1];
        const clock = formatClock(v.t - start);
        const name = i === 0 ? 'As found' : `Version ${i}`;
        const change =
          i === 0
            ? v.text === ''
              ? ''
              : `${v.text.length} characters`
            : [v.removed && `−${v.removed.length}`, v.added && `+${v.added.length}`].filter(Boolean).join(' ');
        return (
          <li key={i} className={`draft-version${i === current ? ' current' : ''}`} data-version={i}>
            <div className="draft-version-head">
              <strong>{name}</strong>
              <span className="muted">
                {clock}
                {change && ` · ${change}`}
              </span>
              <button type="button" className="quiet" aria-label={`Show ${name.toLowerCase()} in the replay at ${clock}`} onClick={() => onSeek(v.t)}>
                Show
              </button>
            </div>
            {i === 0 ? <Diff before={v.text} after={v.text} /> : <Diff before={prev?.text ?? ''} after={v.text} />}
          </li>
        );
      })}
    </ol>
  );
});

export function DraftView({ drafts, names, start, playhead, onSeek }: DraftViewProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const draft = drafts.find((d) => d.field.key === chosen) ?? drafts[0];
  if (!draft) return <p className="muted">No field was edited in this trace, so there are no drafts to compare.</p>;
  let current = -1;
  draft.versions.forEach((v, i) => {
    if (v.t <= playhead) current = i;
  });
  return (
    <div className="drafts">
      {drafts.length > 1 ? (
        <label className="drafts-field">
          Field{' '}
          <select value={draft.field.key} onChange={(e) => setChosen(e.currentTarget.value)}>
            {drafts.map((d) => (
              <option key={d.field.key} value={d.field.key}>
                {names.get(d.field.key) ?? d.field.key} · {d.versions.length - 1} version{d.versions.length === 2 ? '' : 's'}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="drafts-field muted">
          {names.get(draft.field.key) ?? draft.field.key} · {draft.versions.length - 1} version{draft.versions.length === 2 ? '' : 's'}
        </p>
      )}
      <Versions draft={draft} start={start} current={current} onSeek={onSeek} />
    </div>
  );
}
