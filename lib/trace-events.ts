/**
 * Custom rrweb events that Shadowtrace adds to a trace where only the page can see the cause.
 * They are part of the stored trace format: detectors in lib/moments read them, the recorder writes them.
 */
import type { eventWithTime } from 'rrweb';

export const CUSTOM = {
  /** An undo or redo the page saw: a key chord, a `beforeinput` history event, or an app's undo button. */
  history: 'shadowtrace/history',
  /** Route changes inside a single-page app, and the first page of each full load. */
  navigation: 'shadowtrace/navigation',
  /** Tab visibility and window focus: time away is not thinking time. */
  attention: 'shadowtrace/attention',
  /** "Remember this", dropped by the senior's keyboard shortcut. */
  bookmark: 'shadowtrace/bookmark',
  /** The full text of an editor whose DOM shows only its visible lines (CodeMirror, Monaco). */
  editorText: 'shadowtrace/editor-text',
  /** A frame of a canvas's pixels, kept only when it changed. */
  canvasFrame: 'shadowtrace/canvas-frame',
} as const;

export interface HistoryPayload {
  action: 'undo' | 'redo';
  source: 'key' | 'beforeinput' | 'button';
  /** rrweb mirror id of the focused element or the control that was used, or -1. */
  target: number;
}
export interface NavigationPayload {
  url: string;
  kind: 'load' | 'push' | 'replace' | 'pop' | 'hash';
}
export interface AttentionPayload {
  visible: boolean;
  focused: boolean;
}
export interface BookmarkPayload {
  word: string;
}
export interface EditorTextPayload {
  target: number;
  editor: 'codemirror' | 'monaco';
  text: string;
}
export interface CanvasFramePayload {
  /** rrweb mirror id of the canvas. */
  target: number;
  /** The canvas's size when the frame was kept (its `width` and `height` attributes). */
  width: number;
  height: number;
  /** A `data:image/webp` or `data:image/png` URL: of the whole canvas, or of `patch` only. */
  dataUrl: string;
  /**
   * Present on a delta frame: the rectangle (in canvas pixels, inside width x height) that `dataUrl` replaces,
   * the rest of the canvas staying as the frames before left it. Absent on a key frame (the whole canvas).
   * A key frame comes first, after a resize, and every so often, so a picture is a key frame and the deltas
   * after it.
   */
  patch?: CanvasPatch;
}

export interface CanvasPatch {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type { eventWithTime };

/** rrweb's numeric event types, named (rrweb's own enum is not exported as a value from the bundle we use). */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15,
  CustomElement: 16,
} as const;
