/**
 * Reads an rrweb recording from a file someone chose: parsed from `unknown` and checked before anything is
 * stored, so a bad file gets a message a person understands and changes nothing.
 *
 * Accepted shapes: a plain array of rrweb events (rrweb's own `record()` output, our Export button), an object
 * with an `events` array (rrweb-player sessions, OpenReplay-style exports), and PostHog's export
 * (`{ data: { snapshots: [...] } }`) or any object with a `snapshots` array.
 */
import { z } from 'zod';
import { EventType } from '../trace-events';
import { formatBytes } from '../trace-export';

/** Larger files would be parsed in one piece in the side panel's memory; record them in parts instead. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** rrweb's event types, as the rest of Shadowtrace names them. */
export const EVENT_TYPE = EventType;

const finite = z.number().finite();

/** What every rrweb event has; the rest of it is checked again by the replay's sanitiser when it loads. */
const AnyEvent = z.looseObject({
  type: z.number().int().min(0).max(6),
  timestamp: finite,
});

/** rrweb's Replayer sizes its frame from the Meta event and builds the page from the full snapshot's node. */
const MetaData = z.looseObject({ href: z.string().optional(), width: finite, height: finite });
const FullSnapshotData = z.looseObject({ node: z.looseObject({ type: z.number(), id: z.number() }) });

export interface RrwebEvent {
  type: number;
  timestamp: number;
  data?: unknown;
  [key: string]: unknown;
}

export type ImportProblemKind =
  | 'too-large'
  | 'empty'
  | 'not-json'
  | 'not-events'
  | 'bad-event'
  | 'no-full-snapshot'
  | 'no-meta';

export interface ImportProblem {
  kind: ImportProblemKind;
  message: string;
}

export type ParseResult =
  | { ok: true; events: RrwebEvent[]; href: string | null }
  | { ok: false; problem: ImportProblem };

const fail = (kind: ImportProblemKind, message: string): { ok: false; problem: ImportProblem } => ({
  ok: false,
  problem: { kind, message },
});

/** Checked before the file is read at all. */
export function checkFileSize(bytes: number, limit = MAX_IMPORT_BYTES): ImportProblem | null {
  if (bytes === 0) return { kind: 'empty', message: 'This file is empty: there are no events to import.' };
  if (bytes > limit) {
    return {
      kind: 'too-large',
      message: `This file is ${formatBytes(bytes)}; Shadowtrace imports rrweb files of up to ${formatBytes(limit)}.`,
    };
  }
  return null;
}

/** Finds the list of events in the shapes other tools save. */
function eventList(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (!data || typeof data !== 'object') return null;
  const o = data as Record<string, unknown>;
  if (Array.isArray(o.events)) return o.events;
  if (Array.isArray(o.snapshots)) return o.snapshots;
  const inner = o.data;
  if (inner && typeof inner === 'object') {
    const d = inner as Record<string, unknown>;
    if (Array.isArray(d.snapshots)) return d.snapshots;
    if (Array.isArray(d.events)) return d.events;
  }
  return null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'object') return value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

/** The first thing wrong with an event, in words. */
function eventProblem(event: unknown, index: number, total: number): string | null {
  const where = `Event ${index + 1} of ${total}`;
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    return `${where} is ${describe(event)}, not an rrweb event.`;
  }
  const base = AnyEvent.safeParse(event);
  if (!base.success) {
    const field = String(base.error.issues[0]?.path[0] ?? 'type');
    const found = describe((event as Record<string, unknown>)[field]);
    return field === 'timestamp'
      ? `${where} is not an rrweb event: its "timestamp" must be a number (found ${found}).`
      : `${where} is not an rrweb event: its "type" must be a number from 0 to 6 (found ${found}).`;
  }
  const { type, data } = base.data as RrwebEvent;
  if (type === EVENT_TYPE.Meta && !MetaData.safeParse(data).success) {
    return `${where} is a meta event without the page's width and height.`;
  }
  if (type === EVENT_TYPE.FullSnapshot && !FullSnapshotData.safeParse(data).success) {
    return `${where} is a full snapshot without the page's content.`;
  }
  return null;
}

/** Checks parsed JSON and returns its events in time order (stable, so a Meta stays before its snapshot). */
export function parseEvents(data: unknown): ParseResult {
  const list = eventList(data);
  if (!list) {
    return fail(
      'not-events',
      'This file is JSON but not an rrweb recording: Shadowtrace expects a list of rrweb events, or an object with an "events" list.',
    );
  }
  if (list.length === 0) return fail('empty', 'This recording holds no events: there is nothing to import.');
  for (let i = 0; i < list.length; i++) {
    const problem = eventProblem(list[i], i, list.length);
    if (problem) return fail('bad-event', problem);
  }
  const events = list as RrwebEvent[];
  const meta = events.find((e) => e.type === EVENT_TYPE.Meta);
  if (!events.some((e) => e.type === EVENT_TYPE.FullSnapshot)) {
    return fail(
      'no-full-snapshot',
      `This recording has ${events.length} events but no full snapshot of the page (rrweb event type 2), so there is nothing to replay.`,
    );
  }
  if (!meta) {
    return fail(
      'no-meta',
      'This recording has no meta event (rrweb event type 4) with the page\'s size, so it cannot be replayed.',
    );
  }
  const sorted = events.every((e, i) => i === 0 || events[i - 1]!.timestamp <= e.timestamp)
    ? events
    : [...events].sort((a, b) => a.timestamp - b.timestamp);
  const href = (meta.data as { href?: string }).href ?? null;
  return { ok: true, events: sorted, href };
}

/** From the file's text: JSON first, then the events. */
export function parseRecording(text: string): ParseResult {
  if (text.trim() === '') return fail('empty', 'This file is empty: there are no events to import.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/\.$/, '') : String(e);
    return fail('not-json', `This file is not JSON (${reason}), so it cannot be an rrweb recording.`);
  }
  return parseEvents(data);
}

/** The library's site of an imported trace: the host it was recorded on, when the file says. */
export function siteOf(href: string | null): string {
  if (!href) return 'imported';
  try {
    const url = new URL(href);
    return /^https?:$/.test(url.protocol) && url.hostname ? url.hostname : 'imported';
  } catch {
    return 'imported';
  }
}

/** `checkout-flow.rrweb.json` becomes `checkout-flow`. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const title = base.replace(/(\.(json|rrweb|txt))+$/i, '').trim();
  return title || 'Imported recording';
}
