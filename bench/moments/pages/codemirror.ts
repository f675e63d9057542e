// A plain CodeMirror 6 editor, as an app would ship it: nothing here reports to Shadowtrace.
import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';

const lines = Number(new URLSearchParams(location.search).get('lines') ?? '0');
const doc = ['const base = 1;', ...Array.from({ length: lines }, (_, i) => `// note ${i + 1}`)].join('\n');
new EditorView({ doc, parent: document.getElementById('editor')!, extensions: [basicSetup, javascript()] });
