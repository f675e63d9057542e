// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { watchEditorText } from '@/lib/recorder/editor-text';
import type { EditorTextPayload } from '@/lib/trace-events';

const flush = () => new Promise((r) => setTimeout(r, 0));
let stop = () => {};
afterEach(() => stop());

function doc(text: string) {
  return { state: { doc: { toString: () => text } } };
}

describe('whole text of code editors', () => {
  it.each([
    ['CodeMirror with tiles (cmTile.root.view)', (v: object) => ({ cmTile: { root: { view: v } } })],
    ['CodeMirror before tiles (cmView.rootView.view)', (v: object) => ({ cmView: { rootView: { view: v } } })],
    ['early CodeMirror 6 (cmView.view)', (v: object) => ({ cmView: { view: v } })],
  ])('%s: the whole document, once per change', async (_name, attach) => {
    document.body.innerHTML = '<div class="cm-content" contenteditable="true"><div class="cm-line">line 1</div></div>';
    const content = document.querySelector('.cm-content')!;
    let text = 'line 1\nline 2 (not rendered)';
    Object.assign(content, attach({ state: { doc: { toString: () => text } } }));
    const seen: EditorTextPayload[] = [];
    stop = watchEditorText(window, (_tag, payload) => seen.push(payload), () => 7);
    expect(seen).toEqual([{ target: 7, editor: 'codemirror', text: 'line 1\nline 2 (not rendered)' }]);
    text = 'line 1 changed\nline 2 (not rendered)';
    content.firstElementChild!.textContent = 'line 1 changed';
    await flush();
    expect(seen.map((s) => s.text)).toEqual(['line 1\nline 2 (not rendered)', 'line 1 changed\nline 2 (not rendered)']);
  });

  it('Monaco loaded as a global: every editor, on every model change', () => {
    document.body.innerHTML = '<div class="monaco-editor"></div>';
    const node = document.querySelector('.monaco-editor') as HTMLElement;
    let value = 'let a = 1;';
    let changed = () => {};
    const editor = { getDomNode: () => node, getValue: () => value, onDidChangeModelContent: (f: () => void) => (changed = f) };
    Object.assign(window, { monaco: { editor: { getEditors: () => [editor] } } });
    const seen: EditorTextPayload[] = [];
    stop = watchEditorText(window, (_tag, payload) => seen.push(payload), () => 3);
    value = 'let a = 2;';
    changed();
    changed(); // no change in text: nothing new
    expect(seen).toEqual([
      { target: 3, editor: 'monaco', text: 'let a = 1;' },
      { target: 3, editor: 'monaco', text: 'let a = 2;' },
    ]);
    delete (window as { monaco?: unknown }).monaco;
  });

  it('leaves editors inside private regions alone', () => {
    document.body.innerHTML = '<div data-private><div class="cm-content"></div></div>';
    Object.assign(document.querySelector('.cm-content')!, { cmView: { view: doc('secret config') } });
    const seen: unknown[] = [];
    stop = watchEditorText(window, (_tag, payload) => seen.push(payload), () => 1);
    expect(seen).toEqual([]);
  });
});
