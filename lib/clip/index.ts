/**
 * Cuts a self-contained segment out of a trace: what the screen showed at the clip's start, as one synthesised full
 * snapshot, then only the events inside the range, redacted, sanitised and shifted so that the clip starts at 0.
 *
 * Timestamps: every output event's `timestamp` is milliseconds since the clip's start (the first two events, Meta
 * and FullSnapshot, are at 0). rrweb's Replayer only uses differences between timestamps, so a clip replays the
 * same, and the bundle does not say when the author worked. Moments and notes use the same clock.
 *
 * What the snapshot at `start` is made of (lib/clip/vdom.ts): the last full snapshot at or before `start`, with
 * every mutation, input value, element scroll, document scroll, viewport size and media state up to `start` applied.
 * It holds the state at that instant only: text typed and erased before the start is nowhere in it, and no
 * earlier event is copied into the clip, with these exceptions, all re-timed to 0 and all redacted and sanitised:
 *   - stylesheet edits made through the CSSOM before the start (insertRule, setProperty, adopted sheets and inline
 *     fonts) for elements still present: rrweb records them as edits, not as part of the tree, and without them a
 *     CSS-in-JS page replays unstyled. They carry CSS text, which pages write, not what people type.
 *   - the picture of each canvas still present and the latest full editor text (shadowtrace/editor-text) per
 *     element still present: those are what the screen showed, and they hold the current state only. A canvas's
 *     picture is one whole frame: its key frame if nothing changed since, else the key frame with the deltas after
 *     it painted on (flattened by the caller, `canvasAtStart`; see `canvasChains` in the result), never the chain
 *     itself, whose deltas could show what was drawn and covered before the start.
 *   - the pointer's last position.
 * Events at exactly `start` count as before it (they are in the snapshot); the range is (start, end].
 *
 * The page's own `<title>` is emptied unless `keepPageTitle`: the replay never shows it, and it tends to name the
 * private thing (a repository, a customer). The bundle's title is the author's, given when the bundle is made.
 *
 * Addresses: by default the clip carries no address of the page at all (Meta events say `about:blank`,
 * navigation events lose their URL). `url: 'origin'` or `'path'` keep that much of it (never the query or hash).
 */
import { CUSTOM, EventType, IncrementalSource, type CanvasFramePayload } from '../trace-events';
import { EventSanitizer, type SanitizeReport } from '../replay/sanitize';
import { Redactor, type RedactReport, type Redaction } from '../redact';
import { applyCarried, type Carried } from './carry';
import { VirtualDom } from './vdom';

export { VirtualDom } from './vdom';

export interface ClipRange {
  /** rrweb timestamps (ms since the epoch), as the trace stores them. */
  start: number;
  end: number;
}

export interface ClipNote {
  t: number;
  text: string;
}

export interface ClipMomentInput {
  t: number;
  kind: string;
  duration: number;
  detail?: Record<string, unknown>;
}

/** A moment as a clip carries it: no text from the page (see MOMENT_DETAIL_KEYS). */
export interface ClipMoment {
  t: number;
  kind: string;
  duration: number;
  detail: Record<string, string | number | boolean>;
}

/** How much of the page's address a clip keeps. */
export type UrlMode = 'none' | 'origin' | 'path';

export interface ClipOptions {
  redactions?: readonly Redaction[];
  /** Process moments of the trace (absolute times); those inside the range are kept. */
  moments?: readonly ClipMomentInput[];
  /** The author's notes (absolute times); those inside the range are kept. */
  notes?: readonly ClipNote[];
  /** Default 'none'. */
  url?: UrlMode;
  /** Carry CSSOM stylesheet edits made before the start (default true; see the module comment). */
  carryStyles?: boolean;
  /** Keep the page's own `<title>` (default false: it names private things, and a replay never shows it). */
  keepPageTitle?: boolean;
  /** Images and stylesheets fetched for the clip (lib/clip/carry.ts), put in place of their URLs. */
  carried?: Carried;
  /**
   * Each canvas's picture at the start as one key frame, by canvas id, for the canvases whose picture there is a
   * key frame and deltas (`canvasChains` of a first call, flattened). Without it such a canvas starts blank until
   * its next frame inside the clip.
   */
  canvasAtStart?: ReadonlyMap<number, CanvasFramePayload>;
  /**
   * Skip the replay sanitiser: only to find the outside resources a clip refers to, before fetching them.
   * Such events are never published or replayed.
   */
  unsanitized?: boolean;
}

export interface ClipResult {
  /** Replayable events, timestamps relative to the clip's start; [0] is Meta, [1] the full snapshot. */
  events: Record<string, unknown>[];
  moments: ClipMoment[];
  notes: ClipNote[];
  /** ms */
  duration: number;
  /** The page's address as kept by `url` (null for 'none'). */
  url: string | null;
  /** The absolute range actually used (the start moves up to the first snapshot when nothing was on screen). */
  range: ClipRange;
  /**
   * Canvases whose picture at the start is a key frame and the deltas after it (unredacted, as recorded): to be
   * flattened into one frame each and given back as `canvasAtStart`. Empty when every picture is one key frame.
   */
  canvasChains: Map<number, CanvasFramePayload[]>;
  report: { redact: RedactReport; sanitize: SanitizeReport; eventsIn: number; eventsOut: number };
}

export type ClipErrorCode = 'bad_range' | 'no_snapshot';

export class ClipError extends Error {
  constructor(
    readonly code: ClipErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClipError';
  }
}

/**
 * Moment details a clip keeps: enumerations, counts and flags. Texts (drafts, revisions, bookmarks), field keys and
 * URLs are left out: they could hold what was typed before or after the range, or inside a redacted element.
 */
export const MOMENT_DETAIL_KEYS: Record<string, 'string' | 'number' | 'boolean'> = {
  how: 'string',
  by: 'string',
  via: 'string',
  fieldKind: 'string',
  endedBy: 'string',
  count: 'number',
  versions: 'number',
  keystrokes: 'number',
  threshold: 'number',
  pasted: 'boolean',
  wholeField: 'boolean',
  hidden: 'boolean',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEvent(v: unknown): v is Json & { type: number; timestamp: number } {
  return isObject(v) && typeof v.type === 'number' && typeof v.timestamp === 'number' && Number.isFinite(v.timestamp);
}

/** The address as `mode` keeps it, or null. Never the query, hash, user or password. */
export function keepUrl(href: unknown, mode: UrlMode): string | null {
  if (mode === 'none' || typeof href !== 'string') return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return mode === 'origin' ? url.origin : `${url.origin}${url.pathname}`;
}

/** The document's title, emptied unless the author keeps it. */
const PAGE_TITLE_REDACTION: Redaction = { mode: 'hide', selector: 'head > title' };

const CARRIED_STYLE_SOURCES = new Set<number>([
  IncrementalSource.StyleSheetRule,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.Font,
]);

export function clipEvents(input: readonly unknown[], range: ClipRange, options: ClipOptions = {}): ClipResult {
  const { start: wantStart, end } = range;
  if (!Number.isFinite(wantStart) || !Number.isFinite(end) || end < wantStart) {
    throw new ClipError('bad_range', 'The clip needs a start before its end.');
  }
  const urlMode = options.url ?? 'none';
  const carryStyles = options.carryStyles ?? true;
  const events = input.filter(isEvent);

  // The page on screen at the start: the last full snapshot at or before it, else the first one inside the range.
  let base = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type !== EventType.FullSnapshot) continue;
    if (e.timestamp <= wantStart) base = i;
    else {
      if (base === -1 && e.timestamp <= end) base = i;
      break;
    }
  }
  if (base === -1) {
    throw new ClipError('no_snapshot', 'Nothing of the page was recorded at the start of this clip, so there is nothing to show.');
  }
  const baseEvent = events[base]!;
  const start = Math.max(wantStart, baseEvent.timestamp);
  const baseData = isObject(baseEvent.data) ? baseEvent.data : {};

  let meta: Json = { href: '', width: 1024, height: 768 };
  for (let i = base - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === EventType.Meta && isObject(e.data)) {
      meta = { ...e.data };
      break;
    }
    if (e.type === EventType.FullSnapshot) break;
  }

  const dom = new VirtualDom();
  dom.load(baseData.node);
  const rootId = dom.root?.id ?? -1;
  let offset: Json = isObject(baseData.initialOffset) ? { ...baseData.initialOffset } : { top: 0, left: 0 };
  const carried: Json[] = [];
  /** Per canvas, the frame events since its last key frame (a key frame first, unless it came before `base`). */
  const frames = new Map<number, Json[]>();
  const editors = new Map<number, Json>();
  let pointer: Json | null = null;

  let i = base + 1;
  for (; i < events.length && events[i]!.timestamp <= start; i++) {
    const e = events[i]!;
    const data = e.data;
    if (!isObject(data)) continue;
    if (e.type === EventType.IncrementalSnapshot) {
      switch (data.source) {
        case IncrementalSource.Mutation:
          dom.applyMutation(data);
          break;
        case IncrementalSource.Input:
          if (typeof data.id === 'number') dom.applyInput(data.id, data.text, data.isChecked);
          break;
        case IncrementalSource.Scroll:
          if (data.id === rootId) offset = { left: Number(data.x) || 0, top: Number(data.y) || 0 };
          else if (typeof data.id === 'number') dom.applyScroll(data.id, data.x, data.y);
          break;
        case IncrementalSource.ViewportResize:
          if (typeof data.width === 'number' && typeof data.height === 'number') meta = { ...meta, width: data.width, height: data.height };
          break;
        case IncrementalSource.MediaInteraction:
          dom.applyMedia(data);
          break;
        case IncrementalSource.MouseMove:
        case IncrementalSource.TouchMove:
        case IncrementalSource.Drag: {
          const last = Array.isArray(data.positions) ? data.positions.at(-1) : undefined;
          if (isObject(last) && typeof last.x === 'number' && typeof last.y === 'number') {
            pointer = { x: last.x, y: last.y, id: typeof last.id === 'number' ? last.id : rootId };
          }
          break;
        }
        default:
          if (carryStyles && CARRIED_STYLE_SOURCES.has(data.source as number)) carried.push(e);
      }
    } else if (e.type === EventType.Custom && isObject(data.payload) && typeof data.payload.target === 'number') {
      if (data.tag === CUSTOM.canvasFrame) {
        const chain = data.payload.patch === undefined ? [] : (frames.get(data.payload.target) ?? []);
        frames.set(data.payload.target, [...chain, e]);
      }
      if (data.tag === CUSTOM.editorText) editors.set(data.payload.target, e);
    }
  }

  const snapshotNode = dom.serialize();
  if (!snapshotNode) throw new ClipError('no_snapshot', 'The page had no document at the start of this clip.');

  const at = (e: Json): Json => ({ ...structuredClone(e), timestamp: start });
  const present = (id: unknown) => typeof id !== 'number' || dom.has(id);
  const assembled: Json[] = [
    { type: EventType.Meta, timestamp: start, data: meta },
    { type: EventType.FullSnapshot, timestamp: start, data: { node: snapshotNode, initialOffset: offset } },
  ];
  for (const e of carried) if (present((e.data as Json).id)) assembled.push(at(e));
  const canvasChains = new Map<number, CanvasFramePayload[]>();
  for (const [target, chain] of frames) {
    if (!dom.has(target)) continue;
    const first = chain[0]!;
    const payload = (e: Json) => (e.data as Json).payload as CanvasFramePayload;
    if (chain.length === 1 && payload(first).patch === undefined) {
      assembled.push(at(first));
      continue;
    }
    // Deltas without their key frame (it came before the snapshot) cannot be flattened into the whole picture.
    if (payload(first).patch !== undefined) continue;
    canvasChains.set(target, chain.map((e) => structuredClone(payload(e))));
    const flat = options.canvasAtStart?.get(target);
    if (flat) {
      const { width, height, dataUrl } = flat;
      assembled.push({ type: EventType.Custom, timestamp: start, data: { tag: CUSTOM.canvasFrame, payload: { target, width, height, dataUrl } } });
    }
  }
  for (const [target, e] of editors) if (dom.has(target)) assembled.push(at(e));
  if (pointer && present(pointer.id)) {
    assembled.push({
      type: EventType.IncrementalSnapshot,
      timestamp: start,
      data: { source: IncrementalSource.MouseMove, positions: [{ ...pointer, timeOffset: 0 }] },
    });
  }
  for (; i < events.length; i++) {
    const e = events[i]!;
    if (e.timestamp > end) break;
    if (e.timestamp <= start) continue; // out-of-order stragglers belong to the snapshot, not the clip
    assembled.push(structuredClone(e));
  }

  // Addresses, then redaction (on the original tree), then the replay sanitiser.
  for (const e of assembled) {
    const data = e.data as Json;
    if (e.type === EventType.Meta && isObject(data)) data.href = keepUrl(data.href, urlMode) ?? 'about:blank';
    if (e.type === EventType.Custom && data.tag === CUSTOM.navigation && isObject(data.payload)) {
      data.payload.url = keepUrl(data.payload.url, urlMode) ?? '';
    }
  }
  const redactions = [...(options.redactions ?? [])];
  if (!options.keepPageTitle) redactions.push(PAGE_TITLE_REDACTION);
  const redactor = new Redactor(redactions);
  const redacted = redactor.redactAll(assembled);
  // Images and stylesheets fetched for the clip replace their URLs before the sanitiser drops outside URLs.
  const withResources = options.carried ? applyCarried(redacted, options.carried) : redacted;
  const sanitizer = new EventSanitizer();
  const safe = options.unsanitized ? withResources : sanitizer.sanitizeAll(withResources);
  for (const e of safe) {
    e.timestamp = (e.timestamp as number) - start;
    delete e.delay;
  }

  return {
    events: safe,
    moments: clipMoments(options.moments ?? [], start, end),
    notes: clipNotes(options.notes ?? [], start, end),
    duration: end - start,
    url: keepUrl(meta.href, urlMode),
    range: { start, end },
    canvasChains,
    report: { redact: redactor.report, sanitize: sanitizer.report, eventsIn: input.length, eventsOut: safe.length },
  };
}

/** Moments that start inside the range, re-timed, cut at its end, with only the details that carry no text. */
export function clipMoments(moments: readonly ClipMomentInput[], start: number, end: number): ClipMoment[] {
  const out: ClipMoment[] = [];
  for (const m of moments) {
    if (!Number.isFinite(m.t) || m.t < start || m.t > end || typeof m.kind !== 'string') continue;
    const detail: ClipMoment['detail'] = {};
    for (const [k, want] of Object.entries(MOMENT_DETAIL_KEYS)) {
      const v = m.detail?.[k];
      if (typeof v !== want) continue;
      if (typeof v === 'string') detail[k] = v.slice(0, 40);
      else if (typeof v === 'number' ? Number.isFinite(v) : true) detail[k] = v as number | boolean;
    }
    const duration = Number.isFinite(m.duration) ? Math.max(0, Math.min(m.duration, end - m.t)) : 0;
    out.push({ t: m.t - start, kind: m.kind, duration, detail });
  }
  return out.sort((a, b) => a.t - b.t);
}

export function clipNotes(notes: readonly ClipNote[], start: number, end: number): ClipNote[] {
  return notes
    .filter((n) => Number.isFinite(n.t) && n.t >= start && n.t <= end && typeof n.text === 'string' && n.text.trim() !== '')
    .map((n) => ({ t: n.t - start, text: n.text.trim() }))
    .sort((a, b) => a.t - b.t);
}
