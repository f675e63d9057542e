/**
 * Every event passes through here before anything renders it. Replayed content must never run script and never
 * send a request, whoever wrote the trace: the replay frame has no `allow-scripts` and the page's CSP blocks
 * outside requests, and this is the layer in front of both (rrweb's Replayer, even without
 * `UNSAFE_replayCanvas`, otherwise fetches `<object>`/`<embed>` targets and every style, image and poster URL).
 *
 * A dropped element is replaced by an empty comment with the same node id, not removed: later mutations find
 * their siblings by id (`nextId`), and rrweb holds back any insertion whose sibling it cannot find.
 *
 * The sanitiser is stateful over one stream of events (it remembers which ids are style text, which were
 * dropped, and which element each id is), and resets at every full snapshot, as the Replayer's mirror does.
 * It edits the events in place: they come fresh from JSON.parse and nobody else holds them.
 */
import { CUSTOM, EventType, IncrementalSource } from '../trace-events';
import { isInertCssUrl, sanitizeCss } from './css';

const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const;

/** Elements that run script, embed other documents or plug-ins, or change where URLs point. */
const DROPPED_TAGS = new Set([
  'script',
  'object',
  'embed',
  'applet',
  'frame',
  'frameset',
  'portal',
  'fencedframe',
  'base',
  'param',
  // SVG animation can set `href` to anything, after the sanitiser has looked.
  'animate',
  'set',
  'animatemotion',
  'animatetransform',
  'animatecolor',
  'discard',
]);

/** Attributes that are never kept, whatever their value. */
const DROPPED_ATTRIBUTES = new Set(['srcset', 'imagesrcset', 'srcdoc', 'ping', 'action', 'formaction', 'http-equiv']);

/** Attributes whose value the browser fetches or navigates to. */
const URL_ATTRIBUTES = new Set([
  'src',
  'href',
  'xlink:href',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'data',
  'codebase',
  'archive',
  'classid',
  'manifest',
  'icon',
  'longdesc',
  'profile',
  'rr_src',
  'rr_dataurl',
]);

/** Where an inline image may stand in for a fetched one. */
const IMAGE_ATTRIBUTES = new Set(['src', 'poster', 'href', 'xlink:href', 'background', 'rr_dataurl']);

const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon|svg\+xml)[;,]/i;
const FRAME_IMAGE = /^data:image\/(png|jpe?g|webp)[;,]/i;

/** A delta frame's rectangle: not empty, and inside its canvas. */
function validPatch(patch: unknown, width: number, height: number): boolean {
  if (!isObject(patch)) return false;
  const { x, y, width: w, height: h } = patch;
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(w) || !isFiniteNumber(h)) return false;
  return x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** How browsers read a URL's scheme: control characters and spaces inside it are ignored. */
function schemeOf(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''));
  return m ? m[1]!.toLowerCase() : null;
}

export function isDataImage(url: string): boolean {
  return DATA_IMAGE.test(url.trim());
}

export interface SanitizeReport {
  /** Events removed whole: malformed, plugin, canvas-mutation, remote-font or bad custom events. */
  droppedEvents: number;
  /** Elements replaced by an empty placeholder (script, object, embed, ...). */
  droppedNodes: number;
  droppedAttributes: number;
}

type Json = Record<string, unknown>;
type Attributes = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class EventSanitizer {
  readonly report: SanitizeReport = { droppedEvents: 0, droppedNodes: 0, droppedAttributes: 0 };
  private dropped = new Set<number>();
  private styleElements = new Set<number>();
  private styleTexts = new Set<number>();
  private tags = new Map<number, string>();

  private reset(): void {
    this.dropped.clear();
    this.styleElements.clear();
    this.styleTexts.clear();
    this.tags.clear();
  }

  /** The event made safe to replay, or null to leave it out. */
  sanitize(input: unknown): Json | null {
    const event = this.check(input);
    if (!event) this.report.droppedEvents++;
    return event;
  }

  /** Sanitises a list in order, leaving out what cannot be made safe. */
  sanitizeAll(events: readonly unknown[]): Json[] {
    const out: Json[] = [];
    for (const e of events) {
      const safe = this.sanitize(e);
      if (safe) out.push(safe);
    }
    return out;
  }

  private check(event: unknown): Json | null {
    if (!isObject(event) || typeof event.type !== 'number' || typeof event.timestamp !== 'number') return null;
    if (!Number.isFinite(event.timestamp)) return null;
    const data = event.data;
    switch (event.type) {
      case EventType.DomContentLoaded:
      case EventType.Load:
        return event;
      case EventType.Meta:
        return isObject(data) ? event : null;
      case EventType.FullSnapshot: {
        if (!isObject(data) || !isObject(data.node)) return null;
        this.reset();
        const node = this.node(data.node, false);
        if (!node || node.type !== NodeType.Document) return null;
        data.node = node;
        return event;
      }
      case EventType.IncrementalSnapshot:
        return isObject(data) && this.incremental(data) ? event : null;
      case EventType.Custom:
        return isObject(data) && this.custom(data) ? event : null;
      default:
        // Plugin events (console logs, network plugins) and anything unknown: nothing here replays them.
        return null;
    }
  }

  private custom(data: Json): boolean {
    if (typeof data.tag !== 'string') return false;
    if (data.tag !== CUSTOM.canvasFrame) return true;
    const p = data.payload;
    return (
      isObject(p) &&
      Number.isInteger(p.target) &&
      typeof p.width === 'number' &&
      typeof p.height === 'number' &&
      p.width > 0 &&
      p.height > 0 &&
      typeof p.dataUrl === 'string' &&
      FRAME_IMAGE.test(p.dataUrl) &&
      (p.patch === undefined || validPatch(p.patch, p.width, p.height))
    );
  }

  private incremental(data: Json): boolean {
    switch (data.source) {
      case IncrementalSource.Mutation:
        this.mutation(data);
        return true;
      case IncrementalSource.StyleSheetRule:
        this.ruleList(data.adds);
        for (const key of ['replace', 'replaceSync'] as const) {
          if (typeof data[key] === 'string') data[key] = sanitizeCss(data[key] as string);
        }
        return true;
      case IncrementalSource.StyleDeclaration:
        if (isObject(data.set) && typeof data.set.value === 'string') data.set.value = sanitizeCss(data.set.value);
        return true;
      case IncrementalSource.AdoptedStyleSheet:
        if (Array.isArray(data.styles)) for (const s of data.styles) if (isObject(s)) this.ruleList(s.rules);
        return true;
      case IncrementalSource.Font:
        // A font given by URL would be fetched by the Replayer; only inline font bytes are kept.
        return data.buffer === true;
      case IncrementalSource.CanvasMutation:
        // Applied only with UNSAFE_replayCanvas, which we never use: canvas frames are painted by the player.
        return false;
      default:
        return typeof data.source === 'number';
    }
  }

  private ruleList(rules: unknown): void {
    if (!Array.isArray(rules)) return;
    for (const r of rules) if (isObject(r) && typeof r.rule === 'string') r.rule = sanitizeCss(r.rule);
  }

  private mutation(data: Json): void {
    if (Array.isArray(data.adds)) {
      const adds: Json[] = [];
      for (const add of data.adds) {
        if (!isObject(add) || !isObject(add.node) || typeof add.parentId !== 'number') continue;
        if (this.dropped.has(add.parentId)) {
          this.dropSubtree(add.node);
          continue;
        }
        const node = this.node(add.node, this.styleElements.has(add.parentId));
        if (!node) continue;
        add.node = node;
        adds.push(add);
      }
      data.adds = adds;
    }
    if (Array.isArray(data.texts)) {
      data.texts = data.texts.filter((t): t is Json => {
        if (!isObject(t) || typeof t.id !== 'number' || this.dropped.has(t.id)) return false;
        if (this.styleTexts.has(t.id) && typeof t.value === 'string') t.value = sanitizeCss(t.value);
        return true;
      });
    }
    if (Array.isArray(data.attributes)) {
      data.attributes = data.attributes.filter((a): a is Json => {
        if (!isObject(a) || typeof a.id !== 'number' || this.dropped.has(a.id) || !isObject(a.attributes)) return false;
        this.attributes(this.tags.get(a.id) ?? '', a.attributes, true);
        return true;
      });
    }
  }

  private dropSubtree(node: unknown): void {
    if (!isObject(node)) return;
    if (typeof node.id === 'number') this.dropped.add(node.id);
    if (Array.isArray(node.childNodes)) for (const c of node.childNodes) this.dropSubtree(c);
  }

  /** The serialised node made safe (possibly a placeholder), or null when it is not a node at all. */
  private node(n: Json, inStyle: boolean): Json | null {
    if (typeof n.id !== 'number' || typeof n.type !== 'number') return null;
    if (n.type === NodeType.Element) {
      const tag = typeof n.tagName === 'string' ? n.tagName.toLowerCase() : '';
      const attributes = isObject(n.attributes) ? n.attributes : {};
      if (!tag || DROPPED_TAGS.has(tag) || (tag === 'meta' && 'http-equiv' in attributes)) {
        this.dropSubtree(n);
        this.report.droppedNodes++;
        const placeholder: Json = { type: NodeType.Comment, textContent: '', id: n.id };
        if (n.rootId !== undefined) placeholder.rootId = n.rootId;
        if (n.isShadow) placeholder.isShadow = true;
        return placeholder;
      }
      this.tags.set(n.id, tag);
      if (tag === 'style') this.styleElements.add(n.id);
      n.attributes = attributes;
      this.attributes(tag, attributes, false);
    } else if (n.type === NodeType.Text) {
      if (n.isStyle || inStyle) {
        this.styleTexts.add(n.id);
        if (typeof n.textContent === 'string') n.textContent = sanitizeCss(n.textContent);
      }
    } else if (n.type !== NodeType.Document && n.type !== NodeType.DocumentType && n.type !== NodeType.CDATA && n.type !== NodeType.Comment) {
      return null;
    }
    if (Array.isArray(n.childNodes)) {
      const isStyle = n.type === NodeType.Element && this.styleElements.has(n.id);
      const children: Json[] = [];
      for (const c of n.childNodes) {
        const safe = isObject(c) ? this.node(c, isStyle) : null;
        if (safe) children.push(safe);
      }
      n.childNodes = children;
    } else if (n.type === NodeType.Document || n.type === NodeType.Element) {
      n.childNodes = [];
    }
    return n;
  }

  /**
   * Cleans an element's attributes in place. In a mutation a `null` value removes the attribute and `style`
   * may be an object of property changes.
   */
  private attributes(tag: string, attributes: Attributes, isMutation: boolean): void {
    for (const name of Object.keys(attributes)) {
      const value = attributes[name];
      const safe = this.attribute(tag, name, value, isMutation);
      if (safe === undefined) {
        delete attributes[name];
        this.report.droppedAttributes++;
      } else if (safe !== value) attributes[name] = safe;
    }
  }

  private attribute(tag: string, rawName: string, value: unknown, isMutation: boolean): unknown {
    const name = rawName.toLowerCase();
    if (name.startsWith('on') || name.startsWith('_on') || DROPPED_ATTRIBUTES.has(name)) return undefined;
    if (value === null) return isMutation ? null : undefined;
    if (name === 'style' && isObject(value)) {
      for (const [prop, v] of Object.entries(value)) {
        if (typeof v === 'string') value[prop] = sanitizeCss(v);
        else if (Array.isArray(v) && typeof v[0] === 'string') v[0] = sanitizeCss(v[0]);
      }
      return value;
    }
    if (typeof value !== 'string') return typeof value === 'boolean' || typeof value === 'number' ? value : undefined;
    if (name === 'style' || name === '_csstext') return sanitizeCss(value);
    if (URL_ATTRIBUTES.has(name)) return this.url(tag, name, value);
    const scheme = schemeOf(value);
    if (scheme === 'javascript' || scheme === 'vbscript' || scheme === 'livescript') return undefined;
    // Presentation attributes (fill, filter, mask, clip-path, ...) can point at other documents with url().
    if (/(url|src|image-set)\(/i.test(value)) return sanitizeCss(value);
    return value;
  }

  private url(tag: string, name: string, value: string): string | undefined {
    const trimmed = value.trim();
    if ((name === 'href' || name === 'xlink:href') && (tag === 'a' || tag === 'area')) {
      // Links are never followed (the replay takes no pointer input) but keep their look; only web and mail links.
      const scheme = schemeOf(trimmed);
      return scheme === null || scheme === 'http' || scheme === 'https' || scheme === 'mailto' || scheme === 'tel'
        ? value
        : undefined;
    }
    if ((name === 'href' || name === 'xlink:href') && trimmed.startsWith('#')) return value;
    if (tag === 'iframe' || tag === 'link') return undefined;
    if (IMAGE_ATTRIBUTES.has(name) && isDataImage(trimmed)) return value;
    return undefined;
  }
}

/** Sanitises a whole stream of events with a fresh sanitiser. */
export function sanitizeEvents(events: readonly unknown[]): { events: Json[]; report: SanitizeReport } {
  const sanitizer = new EventSanitizer();
  const safe = sanitizer.sanitizeAll(events);
  return { events: safe, report: sanitizer.report };
}

export { isInertCssUrl };
