/**
 * Narrowing of stored or imported rrweb events. Traces come from storage, from files and from other people, so
 * nothing here trusts a shape it has not checked; anything malformed is skipped rather than thrown on.
 */
import { CUSTOM, EventType, IncrementalSource } from '../trace-events';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
/** A whole number of things: a length, an index, a count. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An event with a timestamp and a type: the least every detector needs. */
export interface RawEvent {
  t: number;
  type: number;
  data: Obj;
}

/** Events in time order; a stable sort keeps the recorder's order for equal timestamps. */
export function readEvents(events: readonly unknown[]): RawEvent[] {
  const out: RawEvent[] = [];
  for (const e of events) {
    if (!isObj(e)) continue;
    const t = num(e.timestamp);
    const type = num(e.type);
    if (t === null || type === null) continue;
    out.push({ t, type, data: isObj(e.data) ? e.data : {} });
  }
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([e]) => e);
}

export interface Custom {
  t: number;
  payload: Obj;
}

export function customOf(events: readonly RawEvent[], tag: string): Custom[] {
  const out: Custom[] = [];
  for (const e of events) {
    if (e.type !== EventType.Custom || e.data.tag !== tag || !isObj(e.data.payload)) continue;
    out.push({ t: e.t, payload: e.data.payload });
  }
  return out;
}

export interface HistoryMark {
  t: number;
  action: 'undo' | 'redo';
  source: string;
  target: number;
  /** The event it came from: element ids mean something only on the page that recorded them. */
  event: RawEvent;
}

export function historyOf(events: readonly RawEvent[]): HistoryMark[] {
  const out: HistoryMark[] = [];
  for (const event of events) {
    if (event.type !== EventType.Custom || event.data.tag !== CUSTOM.history || !isObj(event.data.payload)) continue;
    const { action, source, target } = event.data.payload;
    if (action !== 'undo' && action !== 'redo') continue;
    out.push({ t: event.t, action, source: str(source) ?? 'unknown', target: num(target) ?? -1, event });
  }
  return out;
}

export function isIncremental(e: RawEvent, source: number): boolean {
  return e.type === EventType.IncrementalSnapshot && e.data.source === source;
}

export { CUSTOM, EventType, IncrementalSource };
