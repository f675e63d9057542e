/**
 * The text of every editable field over time, as a list of edits. Plain fields come from rrweb's input events,
 * contenteditables from DOM mutations, and code editors (whose DOM holds only the visible lines) from the
 * recorder's `editor-text` events, which win over the DOM for the same editor.
 */
import { DomMirror } from './dom-mirror';
import { changeBetween, type Change } from './diff';
import { CUSTOM, EventType, IncrementalSource, isIncremental, isObj, num, str, type HistoryMark, type RawEvent } from './read';
import { SECRET_MASK } from '../recorder/privacy';

export type FieldKind = 'input' | 'textarea' | 'contenteditable' | 'codemirror' | 'monaco';

export interface Field {
  /** Stable within a trace: kind and rrweb mirror id, with `@n` for the n-th page load after the first. */
  key: string;
  id: number;
  kind: FieldKind;
}

export interface Edit extends Change {
  t: number;
  field: Field;
  before: string;
  after: string;
}

export interface FieldTimeline {
  /** Each field's text when it was first seen (its initial value, or empty). */
  baselines: Map<string, { t: number; text: string; field: Field }>;
  edits: Edit[];
  /** The field a history event's element belonged to when it happened, or null (a canvas, the page). */
  fieldOfMark: (mark: HistoryMark) => Field | null;
}

/** Input types whose value is not writing. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'range', 'color', 'file', 'submit', 'button', 'reset', 'image', 'hidden', 'date', 'time', 'month', 'week', 'datetime-local']);

export function fieldTimeline(events: readonly RawEvent[]): FieldTimeline {
  const mirror = new DomMirror();
  const editorTargets = new Set<number>();
  for (const e of events) {
    if (e.type === EventType.Custom && e.data.tag === CUSTOM.editorText) {
      const id = isObj(e.data.payload) ? num(e.data.payload.target) : null;
      if (id !== null && id >= 0) editorTargets.add(id);
    }
  }
  // rrweb numbers nodes afresh on every page load, so ids are qualified by page: the full snapshot before each
  // later `load` navigation starts a new page.
  const newPages = new Set<RawEvent>();
  let snapshot: RawEvent | null = null;
  let loads = 0;
  for (const e of events) {
    if (e.type === EventType.FullSnapshot) snapshot = e;
    if (e.type === EventType.Custom && e.data.tag === CUSTOM.navigation && isObj(e.data.payload) && e.data.payload.kind === 'load') {
      if (loads > 0 && snapshot) newPages.add(snapshot);
      loads++;
    }
  }
  let page = 0;
  const keyOf = (kind: FieldKind, id: number) => (page === 0 ? `${kind}:${id}` : `${kind}:${id}@${page}`);
  let fields = new Map<number, Field>();
  const markFields = new Map<RawEvent, Field | null>();
  const texts = new Map<string, string>();
  const baselines: FieldTimeline['baselines'] = new Map();
  const edits: Edit[] = [];

  const insideEditor = (id: number): boolean => {
    for (const a of mirror.lineage(id)) if (editorTargets.has(a) && a !== id) return true;
    // Monaco's hidden input area echoes a few characters around the caret; it is never the document.
    return mirror.hasClassInLineage(id, 'monaco-editor');
  };
  const observe = (t: number, field: Field, text: string, silent: boolean, initial?: string) => {
    fields.set(field.id, field);
    let before = texts.get(field.key);
    if (before === undefined) {
      baselines.set(field.key, { t, text: initial ?? text, field });
      texts.set(field.key, initial ?? text);
      if (initial === undefined) return;
      before = initial;
    }
    if (before === text) return;
    texts.set(field.key, text);
    if (!silent) edits.push({ t, field, before, after: text, ...changeBetween(before, text) });
  };
  const readEditables = (t: number, silent: boolean) => {
    for (const root of mirror.editableRoots()) {
      if (editorTargets.has(root) || insideEditor(root) || holdsEditor(root)) continue;
      observe(t, { key: keyOf('contenteditable', root), id: root, kind: 'contenteditable' }, mirror.textOf(root), silent);
    }
  };
  const holdsEditor = (root: number): boolean => {
    for (const target of editorTargets) for (const a of mirror.lineage(target)) if (a === root) return true;
    return false;
  };
  const plainField = (id: number): Field | null => {
    const tag = mirror.tag(id);
    if (tag !== null && tag !== 'input' && tag !== 'textarea') return null;
    if (tag === 'input' && NOT_TEXT.has((mirror.attr(id, 'type') ?? '').toLowerCase())) return null;
    if (insideEditor(id)) return null;
    const kind = tag === 'textarea' ? 'textarea' : 'input';
    return { key: keyOf(kind, id), id, kind };
  };

  // A field never edited is still a field: an undo there with nothing to undo must be told from a canvas undo.
  const fieldOfElement = (id: number): Field | null => {
    let editableRoot: number | null = null;
    for (const a of mirror.lineage(id)) {
      const f = fields.get(a) ?? plainField(a);
      if (f) return f;
      const editable = mirror.attr(a, 'contenteditable');
      if (editable !== null && editable !== 'false') editableRoot = a;
    }
    return editableRoot === null ? null : { key: keyOf('contenteditable', editableRoot), id: editableRoot, kind: 'contenteditable' };
  };

  for (const e of events) {
    if (e.type === EventType.FullSnapshot) {
      if (newPages.has(e)) {
        page++;
        fields = new Map();
      }
      mirror.reset(e.data.node);
      readEditables(e.t, true);
    } else if (isIncremental(e, IncrementalSource.Mutation)) {
      mirror.applyMutation(e.data);
      readEditables(e.t, false);
    } else if (isIncremental(e, IncrementalSource.Input)) {
      const id = num(e.data.id);
      const text = str(e.data.text);
      if (id === null || text === null || text === SECRET_MASK) continue;
      const field = plainField(id);
      // A plain field's first input event is already a keystroke; its value before that is in the snapshot.
      if (field) observe(e.t, field, text, false, mirror.attr(id, 'value') ?? '');
    } else if (e.type === EventType.Custom && e.data.tag === CUSTOM.editorText) {
      const p = isObj(e.data.payload) ? e.data.payload : {};
      const id = num(p.target);
      const text = str(p.text);
      // -1: the recorder could not name the editor's element; its text cannot be tied to a field.
      if (id === null || id < 0 || text === null) continue;
      const kind: FieldKind = p.editor === 'monaco' ? 'monaco' : 'codemirror';
      observe(e.t, { key: keyOf(kind, id), id, kind }, text, false);
    } else if (e.type === EventType.Custom && e.data.tag === CUSTOM.history && isObj(e.data.payload)) {
      const target = num(e.data.payload.target) ?? -1;
      markFields.set(e, target >= 0 ? fieldOfElement(target) : null);
    }
  }

  return { baselines, edits, fieldOfMark: (mark) => markFields.get(mark.event) ?? null };
}
