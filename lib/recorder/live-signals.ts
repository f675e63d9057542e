/**
 * Signals only the page can see, added to the trace as custom events: undo/redo chords and history inputs,
 * route changes, and whether the senior is looking at the tab. Nothing here reads a secret field's keys.
 */
import { CUSTOM, type HistoryPayload, type NavigationPayload } from '../trace-events';
import { isSecretField } from './privacy';

export type AddCustom = (tag: string, payload: unknown) => void;
export type MirrorId = (node: Node | null) => number;

/** Classifies a key chord as undo or redo on every platform (Ctrl or Cmd; Shift+Z or Ctrl+Y for redo). */
export function historyActionOfKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.code === 'KeyZ' || e.key.toLowerCase() === 'z' ? 'z' : e.code === 'KeyY' || e.key.toLowerCase() === 'y' ? 'y' : null;
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && e.ctrlKey && !e.metaKey && !e.shiftKey) return 'redo';
  return null;
}

const UNDO_LABEL = /^\s*(undo)\b/i;
const REDO_LABEL = /^\s*(redo)\b/i;

/** An app's own undo or redo control, named in its DOM (aria-label, title, text, data-testid). */
export function historyActionOfControl(el: Element | null): 'undo' | 'redo' | null {
  const control = el?.closest('button, [role="button"], [role="menuitem"], a');
  if (!control) return null;
  const names = [
    control.getAttribute('aria-label'),
    control.getAttribute('title'),
    control.getAttribute('data-testid'),
    control.getAttribute('data-tooltip'),
    control.textContent?.slice(0, 40),
  ];
  for (const name of names) {
    if (!name) continue;
    if (UNDO_LABEL.test(name) || /(^|[-_])undo([-_]|$)/i.test(name)) return 'undo';
    if (REDO_LABEL.test(name) || /(^|[-_])redo([-_]|$)/i.test(name)) return 'redo';
  }
  return null;
}

export function watchLiveSignals(win: Window, add: AddCustom, idOf: MirrorId): () => void {
  const doc = win.document;
  const abort = new AbortController();
  const opts = { capture: true, signal: abort.signal } as const;
  // A chord and the beforeinput it causes are one undo: remember the chord briefly to skip its echo.
  let lastChordAt = 0;

  const history = (action: 'undo' | 'redo', source: HistoryPayload['source'], target: Element | null) => {
    add(CUSTOM.history, { action, source, target: idOf(target) } satisfies HistoryPayload);
  };

  win.addEventListener(
    'keydown',
    (e) => {
      const action = historyActionOfKey(e);
      if (!action) return;
      const target = e.target instanceof Element ? e.target : null;
      if (isSecretField(target)) return;
      lastChordAt = e.timeStamp;
      history(action, 'key', target);
    },
    opts,
  );
  win.addEventListener(
    'beforeinput',
    (e) => {
      const action = e.inputType === 'historyUndo' ? 'undo' : e.inputType === 'historyRedo' ? 'redo' : null;
      if (!action || e.timeStamp - lastChordAt < 50) return;
      const target = e.target instanceof Element ? e.target : null;
      if (isSecretField(target)) return;
      history(action, 'beforeinput', target);
    },
    opts,
  );
  win.addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const action = historyActionOfControl(target);
      if (action) history(action, 'button', target);
    },
    opts,
  );

  const attention = () => add(CUSTOM.attention, { visible: doc.visibilityState === 'visible', focused: doc.hasFocus() });
  doc.addEventListener('visibilitychange', attention, opts);
  win.addEventListener('focus', attention, opts);
  win.addEventListener('blur', attention, opts);

  let lastUrl = win.location.href;
  let active = true;
  const navigated = (kind: NavigationPayload['kind']) => {
    if (!active) return;
    const url = win.location.href;
    if (url === lastUrl && kind !== 'load') return;
    lastUrl = url;
    add(CUSTOM.navigation, { url, kind } satisfies NavigationPayload);
  };
  navigated('load');
  attention();
  win.addEventListener('popstate', () => navigated('pop'), opts);
  win.addEventListener('hashchange', () => navigated('hash'), opts);
  // Single-page apps (GitHub's Turbo, Figma's router) change routes through the History API. The wrappers stay
  // after a stop (the page may have wrapped them again since); they only go quiet.
  const { pushState, replaceState } = win.history;
  win.history.pushState = function (...args: Parameters<History['pushState']>) {
    pushState.apply(this, args);
    navigated('push');
  };
  win.history.replaceState = function (...args: Parameters<History['replaceState']>) {
    replaceState.apply(this, args);
    navigated('replace');
  };

  return () => {
    active = false;
    abort.abort();
  };
}
