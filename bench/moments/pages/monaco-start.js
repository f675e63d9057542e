// Monaco as apps load it with its AMD loader (a global `monaco`); nothing here reports to Shadowtrace.
const lines = Number(new URLSearchParams(location.search).get('lines') || '0');
require.config({ paths: { vs: '/vendor/monaco/min/vs' } });
require(['vs/editor/editor.main'], () => {
  monaco.editor.create(document.getElementById('editor'), {
    value: Array.from({ length: lines }, (_, i) => `let v${i} = ${i};`).join('\n'),
    language: 'javascript',
    minimap: { enabled: false },
    quickSuggestions: false,
    wordBasedSuggestions: 'off',
  });
  window.__ready = true;
});
