// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '@/components/player/replay-engine';
import type { LoadedTrace } from '@/lib/replay/load';
import { CanvasFrameIndex } from '@/lib/replay/canvas-frames';
import { gapsOf, warpAt } from '@/lib/timeline/compress';

/** A loaded trace with nothing to replay: enough for the engine's speed decisions, which need no Replayer. */
function trace(start: number, end: number): LoadedTrace {
  return {
    traceId: 't',
    title: 'T',
    events: [],
    chunks: [],
    pages: [],
    frames: new CanvasFrameIndex(),
    start,
    end,
    report: { damagedChunks: 0 } as LoadedTrace['report'],
  };
}

describe('ReplayEngine.setWarp: the speed it plays at, inside and outside a compressed pause', () => {
  // A 15 s pause at 10 s, compressed to 1.5 s: 10x inside it.
  const gaps = gapsOf([{ kind: 'pause', t: 10_000, duration: 15_000 }]);
  const cases = [
    { at: 0, realTime: false, speed: 1, want: 1, why: 'before the pause: the chosen speed' },
    { at: 12_000, realTime: false, speed: 1, want: 10, why: 'inside: 15 s in 1.5 s' },
    { at: 12_000, realTime: true, speed: 1, want: 1, why: 'real time: as recorded' },
    { at: 12_000, realTime: false, speed: 2, want: 10, why: 'at 2x the pause still takes 1.5 s' },
    { at: 24_990, realTime: false, speed: 1, want: 1, why: 'about to leave it: slowed to land on its end' },
  ];
  it.each(cases)('$why', ({ at, realTime, speed, want }) => {
    const engine = new ReplayEngine(document.createElement('div'), trace(at, 60_000), { speed });
    engine.setWarp((t, s) => warpAt(gaps, t, s, { realTime }));
    expect(engine.effectiveSpeed).toBeCloseTo(want, 6);
    engine.setWarp(null);
    expect(engine.effectiveSpeed).toBe(speed);
  });
});
