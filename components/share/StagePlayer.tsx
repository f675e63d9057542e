/**
 * A replay with a seek the page can drive: the clip editor (in/out at the playhead, picking elements), its
 * preview, and the mentee's view (jump to a note or a question, ask at the current time). It runs the player's
 * own ReplayEngine (components/player/replay-engine.ts: sandboxed frame without scripts, canvas frames painted by
 * us, seeks from the nearest snapshot) with its own small controls, so it does not share the library replay's
 * store or depend on the Player's internals.
 */
import 'rrweb/dist/style.css';
import '@/components/player/player.css';
import type { Replayer } from 'rrweb';
import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import { ReplayEngine } from '@/components/player/replay-engine';
import type { LoadedTrace } from '@/lib/replay/load';
import { clamp, formatClock } from '@/lib/replay/timeline';

export interface StageApi {
  seek(t: number): void;
  pause(): void;
  currentTime(): number;
  /** The replay's frame (same origin, no scripts), for picking elements. */
  iframe(): HTMLIFrameElement | null;
  /** The rrweb node id of an element in the replay's frame, or null. */
  nodeIdOf(node: Node): number | null;
  /** Replay pixels per recorded pixel. */
  scale(): number;
}

export interface StagePlayerProps {
  trace: LoadedTrace;
  /** Accessible name of the replay's region. */
  label?: string;
  /** Accessible name of the scrubber. */
  scrubberLabel?: string;
  onTime?: (t: number) => void;
  api?: Ref<StageApi | null>;
  /** Drawn over the replay (the element picker). */
  overlay?: ReactNode;
  /** Marks on the scrubber's track: [start, end] of a chosen range, in trace time. */
  range?: { start: number; end: number } | null;
  maxHeight?: number;
}

export function StagePlayer({ trace, label = 'Replay', scrubberLabel = 'Playhead', onTime, api, overlay, range, maxHeight }: StagePlayerProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<ReplayEngine | null>(null);
  const onTimeRef = useRef(onTime);
  onTimeRef.current = onTime;
  const [time, setTime] = useState(trace.start);
  const [playing, setPlaying] = useState(false);
  const [viewport, setViewport] = useState<{ width: number; height: number } | null>(null);
  const [width, setWidth] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const engine = new ReplayEngine(stageRef.current!, trace, {
      hooks: {
        onTime: (t) => {
          setTime(t);
          onTimeRef.current?.(t);
        },
        onPlaying: setPlaying,
        onViewport: setViewport,
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
    };
  }, [trace]);

  useEffect(() => {
    const box = boxRef.current!;
    const measure = () => setWidth(box.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const vw = viewport?.width ?? 1024;
  const vh = viewport?.height ?? 768;
  const roomHeight = maxHeight ?? Math.max(160, (typeof window === 'undefined' ? 800 : window.innerHeight) * 0.5);
  const scale = width > 0 ? Math.min(width / vw, roomHeight / vh) : 0.3;

  const seek = (t: number) => {
    try {
      engineRef.current?.seek(clamp(t, trace.start, trace.end));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  useImperativeHandle(
    api,
    (): StageApi => ({
      seek,
      pause: () => engineRef.current?.pause(),
      currentTime: () => engineRef.current?.currentTime() ?? trace.start,
      iframe: () => engineRef.current?.iframe ?? null,
      nodeIdOf: (node) => {
        // The engine keeps its Replayer to itself; its mirror is the only map from replayed nodes to rrweb ids.
        const replayer = (engineRef.current as unknown as { replayer?: Replayer | null } | null)?.replayer;
        const id = replayer?.getMirror().getId(node as never);
        return typeof id === 'number' && id > 0 ? id : null;
      },
      scale: () => scale,
    }),
    [trace, scale],
  );

  const duration = trace.end - trace.start;
  const position = clamp(time, trace.start, trace.end) - trace.start;
  const pct = (t: number) => `${(100 * (clamp(t, trace.start, trace.end) - trace.start)) / Math.max(1, duration)}%`;

  return (
    <div className="player stage-player" data-playhead={Math.round(clamp(time, trace.start, trace.end))}>
      <div ref={boxRef} style={{ width: '100%' }}>
        <div
          className="player-frame"
          role="region"
          aria-label={label}
          style={{ width: Math.floor(vw * scale), height: Math.floor(vh * scale) }}
        >
          <div ref={stageRef} className="player-stage" style={{ width: vw, height: vh, transform: `scale(${scale})` }} />
          {overlay}
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="player-controls">
        <button type="button" className="primary player-play" aria-label={playing ? 'Pause' : 'Play'} onClick={() => engineRef.current?.toggle()}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="stage-track">
          {range && (
            <span
              className="stage-range"
              aria-hidden="true"
              style={{ left: pct(range.start), width: `calc(${pct(range.end)} - ${pct(range.start)})` }}
            />
          )}
          <input
            className="player-scrubber"
            type="range"
            aria-label={scrubberLabel}
            aria-valuetext={`${formatClock(position)} of ${formatClock(duration)}`}
            min={0}
            max={Math.max(1, duration)}
            step={1}
            value={position}
            onChange={(e) => seek(trace.start + Number(e.currentTarget.value))}
          />
        </span>
        <span className="player-clock muted">
          {formatClock(position)} / {formatClock(duration)}
        </span>
      </div>
    </div>
  );
}
