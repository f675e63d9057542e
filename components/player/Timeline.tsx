/**
 * The scrubber with the trace's process drawn on it: bursts as subtle spans, pauses as gaps in the line, time
 * away hatched, and every other moment (drafts at their start) as a small shape above the line. The shapes are
 * drawn, not announced: the moment list beside the player is how keyboards and screen readers reach moments.
 */
import { memo } from 'react';
import type { MomentRow } from '@/lib/db/schema';
import { formatClock } from '@/lib/replay/timeline';
import { SPAN_KINDS, momentLabel, type MomentLike } from '@/lib/timeline/labels';
import { MomentIcon } from './MomentIcon';

type TimelineMoment = MomentLike & Partial<Pick<MomentRow, 'id'>>;

interface MarksProps {
  moments: readonly TimelineMoment[];
  start: number;
  end: number;
  onSeek: (t: number) => void;
}

const pct = (x: number) => `${(Math.min(1, Math.max(0, x)) * 100).toFixed(3)}%`;

/** Everything that only changes when the moments do: drawn once, not on every frame of playback. */
const Marks = memo(function Marks({ moments, start, end, onSeek }: MarksProps) {
  const span = Math.max(1, end - start);
  const at = (t: number) => (t - start) / span;
  const spans = moments.filter((m) => SPAN_KINDS.has(m.kind));
  const points = moments.filter((m) => !SPAN_KINDS.has(m.kind));
  return (
    <>
      <div className="timeline-points" aria-hidden="true">
        {points.map((m, i) => {
          const label = momentLabel(m, start);
          return (
            <span
              key={m.id ?? `${m.kind}-${m.t}-${i}`}
              className={`timeline-point mk-${m.kind}`}
              style={{ left: pct(at(m.t)) }}
              title={label.name}
              onClick={() => onSeek(m.t)}
            >
              <MomentIcon kind={m.kind} />
            </span>
          );
        })}
      </div>
      <div className="timeline-spans" aria-hidden="true">
        {spans.map((m, i) => (
          <span
            key={m.id ?? `${m.kind}-${m.t}-${i}`}
            className={`timeline-span span-${m.kind}`}
            style={{ left: pct(at(m.t)), width: pct(Math.max(m.duration, 0) / span) }}
            title={momentLabel(m, start).name}
          />
        ))}
      </div>
    </>
  );
});

export interface TimelineProps {
  start: number;
  end: number;
  /** The playhead, as an rrweb timestamp. */
  playhead: number;
  moments: readonly TimelineMoment[];
  /** The slider moved (dragging asks for many of these). */
  onScrub: (t: number) => void;
  /** A moment's shape was clicked. */
  onSeek: (t: number) => void;
}

export function Timeline({ start, end, playhead, moments, onScrub, onSeek }: TimelineProps) {
  const duration = Math.max(0, end - start);
  const position = Math.min(duration, Math.max(0, playhead - start));
  return (
    <div className="timeline">
      <div className="timeline-inner">
        <Marks moments={moments} start={start} end={end} onSeek={onSeek} />
        <div className="timeline-line" aria-hidden="true">
          <span className="timeline-played" style={{ width: pct(position / Math.max(1, duration)) }} />
        </div>
      </div>
      <input
        className="player-scrubber"
        type="range"
        aria-label="Playhead"
        aria-valuetext={`${formatClock(position)} of ${formatClock(duration)}`}
        min={0}
        max={Math.max(1, duration)}
        step={1}
        value={position}
        onChange={(e) => onScrub(start + Number(e.currentTarget.value))}
      />
    </div>
  );
}
