/**
 * The replay player: rrweb's Replayer (through ReplayEngine) scaled to the space it has, from a 320 px side
 * panel to a full tab, with play/pause, speed, a scrubber and the keyboard (space, arrows).
 *
 * Given the trace's process moments, it becomes the process timeline of issue 4: the moments drawn on the
 * scrubber by kind, a moment list beside or below, previous/next moment buttons and keys (`[` `]`, or `p` `n`),
 * long pauses played as a short "thinking, 14 s" cue (with a "Real time" switch), time away skipped with an
 * "away" cue, and the draft view. Without moments it is the plain replay it always was.
 */
import 'rrweb/dist/style.css';
import './player.css';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { DraftView } from '@/components/drafts/DraftView';
import { draftsOf, type Draft } from '@/lib/moments';
import type { LoadedTrace } from '@/lib/replay/load';
import { SPEEDS, clamp, formatClock, stepSpeed } from '@/lib/replay/timeline';
import { cueAt, gapsOf, isCompressed, warpAt } from '@/lib/timeline/compress';
import { fieldNames } from '@/lib/timeline/fields';
import { formatLength, isListed, momentLabel, type MomentLike } from '@/lib/timeline/labels';
import { currentMomentIndex, nextMomentIndex, previousMomentIndex } from '@/lib/timeline/navigate';
import { MomentIcon } from './MomentIcon';
import { MomentList, type ListedMoment } from './MomentList';
import { ReplayEngine } from './replay-engine';
import { useReplayStore } from './store';
import { Timeline } from './Timeline';

/** Arrow keys move the playhead this far; with Shift, a second. */
const STEP_MS = 5000;
const FINE_STEP_MS = 1000;
/** While playing, "previous moment" within this much (of trace time at 1x) of a moment goes to the one before. */
const PREVIOUS_GRACE_MS = 1500;

function isTextEntry(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable;
}

/** Controls that answer space themselves. */
function takesSpace(el: Element | null): boolean {
  return el instanceof HTMLButtonElement || (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'));
}

export interface PlayerProps {
  trace: LoadedTrace;
  /**
   * The trace's process moments, ordered by time (the side panel reads them live from Dexie, so a recording
   * trace's moments appear as they are computed). Without them the player shows no process timeline.
   */
  moments?: readonly (MomentLike & { id?: string })[];
  /**
   * For a trace that grows while it is shown (the rest of a long trace still decoding, or a trace still
   * recording): subscribes to "events were added to trace.events"; returns the unsubscribe.
   */
  growth?: (added: () => void) => () => void;
}

type Panel = 'moments' | 'drafts';

export function Player({ trace, moments, growth }: PlayerProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<ReplayEngine | null>(null);
  const pendingSeek = useRef<number | null>(null);
  const [viewport, setViewport] = useState<{ width: number; height: number } | null>(null);
  const [room, setRoom] = useState({ width: 0, height: 0 });
  const [error, setError] = useState<string | null>(null);
  const [paint, setPaint] = useState<{ count: number; t: number | null }>({ count: 0, t: null });
  const [panel, setPanel] = useState<Panel>('moments');
  const [drafts, setDrafts] = useState<{ trace: LoadedTrace; drafts: Draft[]; names: Map<string, string> } | null>(null);
  const playhead = useReplayStore((s) => s.playhead);
  const playing = useReplayStore((s) => s.playing);
  const speed = useReplayStore((s) => s.speed);
  const realTime = useReplayStore((s) => s.realTime);
  const { setPlayhead, setSpeed, setRealTime } = useReplayStore.getState();
  const withProcess = moments !== undefined;
  /** The trace's last time so far: it moves while the trace grows. */
  const [end, setEnd] = useState(trace.end);

  // Moments past what was loaded (the trace kept recording) wait for the next open.
  const shown = useMemo(() => (moments ?? []).filter((m) => m.t <= end), [moments, end]);
  const listed = useMemo<ListedMoment[]>(
    () =>
      shown
        .filter((m) => isListed(m.kind))
        .map((m, i) => ({ key: m.id ?? `${m.kind}:${m.t}:${i}`, moment: m, label: momentLabel(m, trace.start) })),
    [shown, trace.start],
  );
  const times = useMemo(() => listed.map((l) => l.moment.t), [listed]);
  const gaps = useMemo(() => gapsOf(shown), [shown]);
  const draftCount = useMemo(() => shown.filter((m) => m.kind === 'draft').length, [shown]);

  useEffect(() => {
    const stage = stageRef.current!;
    const engine = new ReplayEngine(stage, trace, {
      speed: useReplayStore.getState().speed,
      hooks: {
        onTime: (t) => useReplayStore.getState().setPlayhead(t),
        onPlaying: (p) => useReplayStore.getState().setPlaying(p),
        onViewport: setViewport,
        onCanvasPaint: (frame) => setPaint((p) => ({ count: p.count + 1, t: frame.t })),
      },
    });
    engineRef.current = engine;
    setEnd(engine.end);
    try {
      engine.seek(trace.start);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    const stopGrowing = growth?.(() => {
      engine.grow();
      setEnd(engine.end);
    });
    return () => {
      stopGrowing?.();
      engine.destroy();
      engineRef.current = null;
      useReplayStore.getState().setPlaying(false);
    };
  }, [trace, growth]);

  useEffect(() => engineRef.current?.setSpeed(speed), [speed]);

  // Thinking cues: pauses (unless in real time) and time away play fast.
  useEffect(() => {
    const engine = engineRef.current;
    if (!engine) return;
    engine.setWarp(gaps.length > 0 ? (t, s) => warpAt(gaps, t, s, { realTime }) : null);
  }, [gaps, realTime, trace]);

  // Drafts are read from the events only when the draft view is opened: on a long trace it takes a moment.
  useEffect(() => {
    if (panel !== 'drafts' || drafts?.trace === trace) return;
    const timer = setTimeout(() => {
      const found = draftsOf(trace.events);
      setDrafts({ trace, drafts: found, names: fieldNames(trace.events, found.map((d) => d.field)) });
    }, 0);
    return () => clearTimeout(timer);
  }, [panel, trace, drafts]);

  // The space the replay may take: the frame's width, and the window's height less the controls (and, below
  // them in a narrow panel, some of the moment list).
  useEffect(() => {
    const frame = frameRef.current!;
    const measure = () => {
      const below = withProcess && window.innerWidth < 1000 ? 300 : 150;
      setRoom({ width: frame.parentElement?.clientWidth ?? frame.clientWidth, height: Math.max(160, window.innerHeight - below) });
    };
    measure();
    const observer = new ResizeObserver(measure);
    if (frame.parentElement) observer.observe(frame.parentElement);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [withProcess]);

  const seek = useCallback((t: number) => {
    const engine = engineRef.current;
    if (!engine) return;
    try {
      engine.seek(t);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  /** Dragging the scrubber asks for many seeks: only the latest one per frame is done. */
  const seekSoon = (t: number) => {
    const first = pendingSeek.current === null;
    pendingSeek.current = t;
    setPlayhead(t);
    if (!first) return;
    requestAnimationFrame(() => {
      const target = pendingSeek.current;
      pendingSeek.current = null;
      if (target !== null) seek(target);
    });
  };

  const step = (delta: number) => {
    const engine = engineRef.current;
    if (engine) seek(clamp(engine.currentTime() + delta, trace.start, engine.end));
  };

  const nextMoment = () => {
    const engine = engineRef.current;
    if (!engine) return;
    const i = nextMomentIndex(times, engine.currentTime());
    if (i >= 0) seek(times[i]!);
  };

  const previousMoment = () => {
    const engine = engineRef.current;
    if (!engine) return;
    const grace = engine.isPlaying ? PREVIOUS_GRACE_MS * useReplayStore.getState().speed : 0;
    const i = previousMomentIndex(times, engine.currentTime(), grace);
    if (i >= 0) seek(times[i]!);
  };

  const onKey = (e: KeyboardEvent | ReactKeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as Element | null;
    if (isTextEntry(target)) return;
    switch (e.key) {
      case ' ':
        // A focused button or switch answers space itself.
        if (takesSpace(target)) return;
        e.preventDefault();
        engineRef.current?.toggle();
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
        e.preventDefault();
        step((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? FINE_STEP_MS : STEP_MS));
        return;
      case 'ArrowUp':
      case 'ArrowDown':
        e.preventDefault();
        setSpeed(stepSpeed(useReplayStore.getState().speed, e.key === 'ArrowUp' ? 1 : -1));
        return;
      case '[':
      case 'p':
        if (!withProcess) return;
        e.preventDefault();
        previousMoment();
        return;
      case ']':
      case 'n':
        if (!withProcess) return;
        e.preventDefault();
        nextMoment();
        return;
    }
  };

  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  });

  const vw = viewport?.width ?? 1024;
  const vh = viewport?.height ?? 768;
  const scale = room.width > 0 ? Math.min(room.width / vw, room.height / vh) : 0.3;
  const duration = end - trace.start;
  const at = clamp(playhead, trace.start, end);
  const position = at - trace.start;
  const current = currentMomentIndex(times, at);
  const cue = withProcess ? cueAt(gaps, at) : null;
  const cueFast = cue !== null && isCompressed(cue.gap, { realTime });

  return (
    <div
      className={`player${withProcess ? ' with-process' : ''}`}
      data-playhead={Math.round(at)}
      data-canvas-frames-painted={paint.count}
      data-last-canvas-frame={paint.t ?? ''}
      data-scale={scale.toFixed(3)}
      data-cue={cue?.gap.kind ?? ''}
      data-current-moment={current >= 0 ? times[current] : ''}
    >
      <div className="player-main">
        <div
          ref={frameRef}
          className="player-frame"
          role="region"
          aria-label="Replay"
          style={{ width: Math.floor(vw * scale), height: Math.floor(vh * scale) }}
        >
          <div ref={stageRef} className="player-stage" style={{ width: vw, height: vh, transform: `scale(${scale})` }} />
          {withProcess && (
            <div className="player-cue-live" role="status">
              {cue && (
                <div className={`player-cue cue-${cue.gap.kind}`}>
                  <MomentIcon kind={cue.gap.kind} />
                  <span className="player-cue-text">
                    {cue.gap.kind === 'pause' ? 'thinking' : 'away'}, {formatLength(cue.gap.end - cue.gap.start)}
                  </span>
                  {playing && cueFast && <span className="player-cue-note">sped up</span>}
                  <span className="player-cue-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(cue.progress * 100)}%` }} />
                  </span>
                </div>
              )}
            </div>
          )}
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <Timeline start={trace.start} end={end} playhead={at} moments={shown} onScrub={seekSoon} onSeek={seek} />
        <div className="player-controls">
          <button
            type="button"
            className="primary player-play"
            aria-label={playing ? 'Pause' : 'Play'}
            onClick={() => engineRef.current?.toggle()}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          {withProcess && (
            <>
              <button type="button" className="player-icon" aria-label="Previous moment" title="Previous moment ( [ )" onClick={previousMoment} disabled={times.length === 0}>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="currentColor">
                  <rect x="2" y="3" width="2" height="10" rx="0.5" />
                  <polygon points="13,3 13,13 5.5,8" />
                </svg>
              </button>
              <button type="button" className="player-icon" aria-label="Next moment" title="Next moment ( ] )" onClick={nextMoment} disabled={times.length === 0}>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="currentColor">
                  <polygon points="3,3 3,13 10.5,8" />
                  <rect x="12" y="3" width="2" height="10" rx="0.5" />
                </svg>
              </button>
            </>
          )}
          <span className="player-clock muted">
            {formatClock(position)} / {formatClock(duration)}
          </span>
          <span className="player-options">
            {withProcess && (
              <label className="player-switch" title="Play pauses at their real length instead of a short thinking cue">
                <input type="checkbox" role="switch" checked={realTime} onChange={(e) => setRealTime(e.currentTarget.checked)} />
                Real time
              </label>
            )}
            <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}x
                </option>
              ))}
            </select>
          </span>
        </div>
        <p className="player-hint muted">
          {withProcess ? (
            <>
              <kbd>Space</kbd> play · <kbd>←</kbd> <kbd>→</kbd> 5 s · <kbd>↑</kbd> <kbd>↓</kbd> speed · <kbd>[</kbd> <kbd>]</kbd>{' '}
              previous / next moment
            </>
          ) : (
            'Space plays and pauses · ← → move 5 s (Shift: 1 s) · ↑ ↓ change speed'
          )}
        </p>
        {trace.report.damagedChunks > 0 && (
          <p className="problem">
            {trace.report.damagedChunks} damaged part{trace.report.damagedChunks === 1 ? '' : 's'} of this trace could not
            be read and {trace.report.damagedChunks === 1 ? 'is' : 'are'} left out.
          </p>
        )}
      </div>
      {withProcess && (
        <section className="player-process" aria-label="Process">
          <div className="process-tabs" role="tablist" aria-label="Process views">
            <button type="button" role="tab" id="process-tab-moments" aria-selected={panel === 'moments'} aria-controls="process-panel" onClick={() => setPanel('moments')}>
              Moments <span className="process-count" aria-hidden="true">{listed.length}</span>
            </button>
            <button type="button" role="tab" id="process-tab-drafts" aria-selected={panel === 'drafts'} aria-controls="process-panel" onClick={() => setPanel('drafts')}>
              Drafts <span className="process-count" aria-hidden="true">{draftCount}</span>
            </button>
          </div>
          <div className="process-panel" id="process-panel" role="tabpanel" aria-labelledby={`process-tab-${panel}`}>
            {panel === 'moments' ? (
              <MomentList
                items={listed}
                current={current}
                onSeek={seek}
                empty={moments.length === 0 ? 'No process moments yet: they are computed as the trace records.' : 'Only writing so far: no pauses, revisions or undos.'}
              />
            ) : drafts?.trace === trace ? (
              <DraftView drafts={drafts.drafts} names={drafts.names} start={trace.start} playhead={at} onSeek={seek} />
            ) : (
              <p className="muted" role="status">
                Reading drafts…
              </p>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
