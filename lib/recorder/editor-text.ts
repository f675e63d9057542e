/**
 * Code editors (CodeMirror 6, Monaco) render only the lines in view, so the DOM never holds the whole document:
 * the drafts of a long file would be wrong. This finds such editors in the page and adds their whole text as a
 * custom event whenever it changes. It reads the editors' own objects from the page's main world, where the
 * recorder runs; it changes nothing in them.
 */
import { CUSTOM, type EditorTextPayload } from '../trace-events';
import { insidePrivate } from './privacy';

export const EDITOR_SCAN_MS = 1000;

type Add = (tag: string, payload: EditorTextPayload) => void;
type IdOf = (node: Node) => number;

interface Source {
  editor: EditorTextPayload['editor'];
  element: Element;
  read: () => string | null;
}

interface CodeMirrorView {
  state?: { doc?: { toString(): string } };
}

/**
 * CodeMirror 6 keeps its view reachable from the content element, as its own `EditorView.findFromDOM` reads
 * it: `cmTile.root.view` since the tile renderer, `cmView.rootView.view` (or `cmView.view`) before it.
 */
function codeMirrorOf(element: Element): Source | null {
  const el = element as unknown as {
    cmTile?: { root?: { view?: CodeMirrorView } };
    cmView?: { rootView?: { view?: CodeMirrorView }; view?: CodeMirrorView };
  };
  const view = el.cmTile?.root?.view ?? el.cmView?.rootView?.view ?? el.cmView?.view;
  if (!view?.state?.doc) return null;
  return { editor: 'codemirror', element, read: () => view.state?.doc?.toString() ?? null };
}

interface MonacoEditor {
  getDomNode(): HTMLElement | null;
  getValue(): string;
  onDidChangeModelContent(listener: () => void): unknown;
}

/** Monaco pages that load it as a global expose every editor through `monaco.editor.getEditors()`. */
function monacoEditors(win: Window): MonacoEditor[] {
  const api = (win as unknown as { monaco?: { editor?: { getEditors?: () => unknown } } }).monaco?.editor;
  const list = typeof api?.getEditors === 'function' ? api.getEditors() : [];
  return Array.isArray(list)
    ? list.filter((e): e is MonacoEditor => typeof e === 'object' && e !== null && typeof (e as MonacoEditor).getValue === 'function')
    : [];
}

export function watchEditorText(win: Window, add: Add, idOf: IdOf): () => void {
  const doc = win.document;
  const last = new WeakMap<Element, string>();
  const watched = new WeakSet<object>();
  const observers: MutationObserver[] = [];
  let stopped = false;

  const report = (source: Source, tries = 0) => {
    if (stopped || insidePrivate(source.element)) return;
    const text = source.read();
    if (text === null || text === last.get(source.element)) return;
    const target = idOf(source.element);
    // An editor added after the snapshot has an id only once rrweb has handled the mutation that added it.
    if (target < 0) {
      if (tries < 10) win.setTimeout(() => report(source, tries + 1), 50);
      return;
    }
    last.set(source.element, text);
    add(CUSTOM.editorText, { target, editor: source.editor, text });
  };

  const scan = () => {
    for (const element of doc.querySelectorAll('.cm-content')) {
      if (watched.has(element)) continue;
      const source = codeMirrorOf(element);
      if (!source) continue;
      watched.add(element);
      report(source);
      // Undo, autocomplete and remote edits change the document without input events: watch the DOM instead,
      // and read once per burst of mutations.
      let queued = false;
      const observer = new (win as Window & typeof globalThis).MutationObserver(() => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          report(source);
        });
      });
      observer.observe(element, { childList: true, subtree: true, characterData: true });
      observers.push(observer);
    }
    for (const editor of monacoEditors(win)) {
      if (watched.has(editor)) continue;
      const element = editor.getDomNode();
      if (!element) continue;
      watched.add(editor);
      const source: Source = { editor: 'monaco', element, read: () => editor.getValue() };
      report(source);
      editor.onDidChangeModelContent(() => report(source));
    }
  };

  scan();
  const timer = win.setInterval(scan, EDITOR_SCAN_MS);
  return () => {
    stopped = true;
    win.clearInterval(timer);
    for (const o of observers) o.disconnect();
  };
}
