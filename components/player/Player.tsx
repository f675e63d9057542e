/**
 * The replay player: rrweb's Replayer (through ReplayEngine) scaled to the space it has, from a 320 px side
 * panel to a full tab, with play/pause, speed, a scrubber and the keyboard (space, arrows).
 */
import 'rrweb/dist/style.css';
import './player.css';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { LoadedTrace } from '@/lib/replay/load';
import { SPEEDS, clamp, formatClock, stepSpeed } from '@/lib/replay/timeline';
import { ReplayEngine } from './replay-engine';
import { useReplayStore } from './store';

/** Arrow keys move the playhead this far; with Shift, a second. */
const STEP_MS = 5000;
const FINE_STEP_MS = 1000;

function isTextEntry(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return el.type !== 'range';
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable;
}

export function Player({ trace }: { trace: LoadedTrace }) {
  const frameRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<ReplayEngine | null>(null);
  const pendingSeek = useRef<number | null>(null);
  const [viewport, setViewport] = useState<{ width: number; height: number } | null>(null);
  const [room, setRoom] = useState({ width: 0, height: 0 });
  const [error, setError] = useState<string | null>(null);
  const [windowStart, setWindowStart] = useState<number | null>(null);
  const [paint, setPaint] = useState<{ count: number; t: number | null }>({ count: 0, t: null });
  const playhead = useReplayStore((s) => s.playhead);
  const playing = useReplayStore((s) => s.playing);
  const speed = useReplayStore((s) => s.speed);
  const { setPlayhead, setSpeed } = useReplayStore.getState();

  useEffect(() => {
    const stage = stageRef.current!;
    const engine = new ReplayEngine(stage, trace, {
      speed: useReplayStore.getState().speed,
      hooks: {
        onTime: (t) => useReplayStore.getState().setPlayhead(t),
        onPlaying: (p) => useReplayStore.getState().setPlaying(p),
        onViewport: setViewport,
        onWindow: (w) => setWindowStart(w.start),
        onCanvasPaint: (frame) => setPaint((p) => ({ count: p.count + 1, t: frame.t })),
      },
    });
    engineRef.current = engine;
    try {
      engine.seek(trace.start);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    return () => {
      engine.destroy();
      engineRef.current = null;
      useReplayStore.getState().setPlaying(false);
    };
  }, [trace]);

  useEffect(() => engineRef.current?.setSpeed(speed), [speed]);

  // The space the replay may take: the frame's width, and the window's height less the controls.
  useEffect(() => {
    const frame = frameRef.current!;
    const measure = () =>
      setRoom({ width: frame.parentElement?.clientWidth ?? frame.clientWidth, height: Math.max(160, window.innerHeight - 150) });
    measure();
    const observer = new ResizeObserver(measure);
    if (frame.parentElement) observer.observe(frame.parentElement);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  const seek = (t: number) => {
    const engine = engineRef.current;
    if (!engine) return;
    try {
      engine.seek(t);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

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
    if (engine) seek(clamp(engine.currentTime() + delta, trace.start, trace.end));
  };

  const onKey = (e: KeyboardEvent | ReactKeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as Element | null;
    if (isTextEntry(target)) return;
    switch (e.key) {
      case ' ':
        // A focused button answers space itself.
        if (target instanceof HTMLButtonElement) return;
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
  const duration = trace.end - trace.start;
  const position = clamp(playhead, trace.start, trace.end) - trace.start;

  return (
    <div
      className="player"
      data-playhead={Math.round(clamp(playhead, trace.start, trace.end))}
      data-window-start={windowStart ?? ''}
      data-canvas-frames-painted={paint.count}
      data-last-canvas-frame={paint.t ?? ''}
      data-scale={scale.toFixed(3)}
    >
      <div
        ref={frameRef}
        className="player-frame"
        role="region"
        aria-label="Replay"
        style={{ width: Math.floor(vw * scale), height: Math.floor(vh * scale) }}
      >
        <div ref={stageRef} className="player-stage" style={{ width: vw, height: vh, transform: `scale(${scale})` }} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="player-controls">
        <button
          type="button"
          className="primary player-play"
          aria-label={playing ? 'Pause' : 'Play'}
          onClick={() => engineRef.current?.toggle()}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          className="player-scrubber"
          type="range"
          aria-label="Playhead"
          aria-valuetext={`${formatClock(position)} of ${formatClock(duration)}`}
          min={0}
          max={Math.max(1, duration)}
          step={1}
          value={position}
          onChange={(e) => seekSoon(trace.start + Number(e.currentTarget.value))}
        />
        <span className="player-clock muted">
          {formatClock(position)} / {formatClock(duration)}
        </span>
        <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
      </div>
      <p className="player-hint muted">Space plays and pauses · ← → move 5 s (Shift: 1 s) · ↑ ↓ change speed</p>
      {trace.report.damagedChunks > 0 && (
        <p className="problem">
          {trace.report.damagedChunks} damaged part{trace.report.damagedChunks === 1 ? '' : 's'} of this trace could not
          be read and {trace.report.damagedChunks === 1 ? 'is' : 'are'} left out.
        </p>
      )}
    </div>
  );
}
