/**
 * A decoded bundle as the replay engine's trace: one span per page load (each starts at the Meta event before its
 * full snapshot, so a seek rebuilds from the nearest snapshot), the canvas frames the viewer paints itself, and the
 * notes and moments as one list for the side of the replay.
 */
import type { eventWithTime } from 'rrweb';
import type { Bundle, DecodedBundle } from '../../lib/bundle';
import { CanvasFrameIndex } from '../../lib/replay/canvas-frames';
import type { LoadedTrace } from '../../lib/replay/load';
import type { ChunkSpan, PageStart } from '../../lib/replay/timeline';
import { CUSTOM, EventType, type CanvasFramePayload } from '../../lib/trace-events';
import { formatDuration } from '../../lib/trace-export';

export function traceFromBundle({ bundle, sanitized }: DecodedBundle, id: string): LoadedTrace {
  const events = bundle.events as unknown as eventWithTime[];
  const starts: number[] = [0];
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.type !== EventType.FullSnapshot) continue;
    const at = events[i - 1]!.type === EventType.Meta ? i - 1 : i;
    if (at > starts[starts.length - 1]!) starts.push(at);
  }
  const chunks: ChunkSpan[] = [];
  const pages: PageStart[] = [];
  const frames = new CanvasFrameIndex();
  starts.forEach((firstEvent, page) => {
    const next = starts[page + 1] ?? events.length;
    const slice = events.slice(firstEvent, next);
    const startedAt = slice[0]!.timestamp;
    chunks.push({
      seq: page,
      page,
      startedAt,
      endedAt: slice[slice.length - 1]!.timestamp,
      fullSnapshot: slice.some((e) => e.type === EventType.FullSnapshot),
      firstEvent,
      count: slice.length,
    });
    pages.push({ page, startedAt });
    for (const e of slice) {
      if (e.type === EventType.Custom && (e.data as { tag?: unknown }).tag === CUSTOM.canvasFrame) {
        const payload = (e.data as { payload: CanvasFramePayload }).payload;
        frames.add({ ...payload, t: e.timestamp, page });
      }
    }
  });
  const start = events[0]!.timestamp;
  const last = events.reduce((m, e) => Math.max(m, e.timestamp), start);
  return {
    traceId: id,
    title: bundle.title,
    events,
    chunks,
    pages,
    frames,
    start,
    end: Math.max(last, start + bundle.duration),
    report: { ...sanitized, damagedChunks: 0 },
  };
}

export interface Mark {
  t: number;
  kind: string;
  label: string;
  note: boolean;
}

const MOMENT_NAMES: Record<string, string> = {
  draft: 'Draft',
  revision: 'Revision',
  undo: 'Undo',
  redo: 'Redo',
  pause: 'Thinking pause',
  away: 'Away',
  burst: 'Typing burst',
  abandoned: 'Abandoned draft',
  navigation: 'Navigation',
  bookmark: 'Bookmark',
};

/** Notes and moments in time order (notes first at equal times: they are the author's words). */
export function marksOf(bundle: Bundle): Mark[] {
  const marks: Mark[] = [
    ...bundle.notes.map((n) => ({ t: n.t, kind: 'note', label: n.text, note: true })),
    ...bundle.moments.map((m) => {
      const name = MOMENT_NAMES[m.kind] ?? m.kind.charAt(0).toUpperCase() + m.kind.slice(1).replace(/[-_]/g, ' ');
      return { t: m.t, kind: m.kind, label: m.duration >= 1000 ? `${name} (${formatDuration(m.duration)})` : name, note: false };
    }),
  ];
  return marks.sort((a, b) => a.t - b.t || Number(b.note) - Number(a.note));
}
