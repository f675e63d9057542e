/**
 * Workload pages, generated here and served by the bench itself (bench/server.mjs). Every page is deterministic
 * (seeded), so the three modes see exactly the same DOM and the same work.
 */

export function rng(seed = 1) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the of and to in is that for it with as was on be by this are from at or an have not which but all were when we there can more one their has been if would will what about into time so some could them other than then now only its also after use two how our work first well way even new want because any these give day most us fix refactor commit merge branch review test build release patch issue pull request diff'.split(
    ' ',
  );

function words(r, n) {
  let out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out.join(' ');
}

/** About 2500 rules (~200 KB) of GitHub-like CSS: many classes, nested selectors, custom properties. */
export function heavyCss(rules = 2500) {
  const r = rng(7);
  const props = ['color', 'background-color', 'border-color', 'margin', 'padding', 'font-size', 'line-height', 'border-radius', 'box-shadow'];
  const out = [':root{' + Array.from({ length: 200 }, (_, i) => `--c-${i}:#${Math.floor(r() * 0xffffff).toString(16).padStart(6, '0')};`).join('') + '}'];
  for (let i = 0; i < rules; i++) {
    const decl = [];
    for (let k = 0; k < 4; k++) {
      const p = props[Math.floor(r() * props.length)];
      decl.push(
        p.includes('color')
          ? `${p}:var(--c-${Math.floor(r() * 200)})`
          : p === 'box-shadow'
            ? `${p}:0 1px ${Math.floor(r() * 6)}px rgba(0,0,0,.${Math.floor(r() * 9)})`
            : `${p}:${Math.floor(r() * 24)}px`,
      );
    }
    const sel = r() < 0.5 ? `.c${i}` : `.c${i} > .c${Math.floor(r() * rules)}:hover, .layout .c${i}[data-state="open"]`;
    out.push(`${sel}{${decl.join(';')}}`);
    if (i % 250 === 0) out.push(`@media (max-width:${600 + i}px){.c${i}{display:none}}`);
  }
  return out.join('\n');
}

/**
 * A large GitHub-like page: header, file tree, file list, a code view, comments. `lines` code lines (about
 * 9 nodes each): 600 lines give about 8k nodes. `extra` is HTML added at the end of the main column.
 */
export function largePage({ title = 'repo · code', lines = 600, css = true, extra = '', head = '' } = {}) {
  const r = rng(42);
  const nav = Array.from({ length: 30 }, (_, i) => `<a class="c${i} nav-link" href="#n${i}">${words(r, 1)}</a>`).join('');
  const tree = Array.from(
    { length: 250 },
    (_, i) => `<li class="c${100 + (i % 50)} tree-item"><span class="icon">▸</span><a href="#f${i}">${words(r, 1)}-${i}.ts</a></li>`,
  ).join('');
  const files = Array.from(
    { length: 150 },
    (_, i) =>
      `<tr class="c${200 + (i % 40)}"><td><span class="icon">📄</span></td><td><a href="#r${i}">${words(r, 1)}.${i % 2 ? 'ts' : 'md'}</a></td><td class="msg">${words(r, 6)}</td><td><time>${i + 1} days ago</time></td></tr>`,
  ).join('');
  const code = Array.from({ length: lines }, (_, i) => {
    const toks = Array.from({ length: 5 }, (_, k) => `<span class="pl-${['k', 'en', 's', 'c1', 'v'][k]} c${300 + ((i + k) % 300)}">${words(r, 1)}</span>`).join(' ');
    return `<tr><td class="ln" data-line="${i + 1}">${i + 1}</td><td class="code">${toks}</td></tr>`;
  }).join('');
  const comments = Array.from(
    { length: 25 },
    (_, i) =>
      `<div class="comment c${700 + i}"><div class="avatar"></div><div class="body"><b>user${i}</b> <span>commented</span><p>${words(r, 40)}</p><div class="reactions"><button>👍 ${i}</button><button>🎉</button></div></div></div>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
${css ? `<style>${heavyCss()}</style><link rel="stylesheet" href="/large.css">` : ''}
<style>body{font:14px system-ui;margin:0}.layout{display:flex}.side{width:260px;height:600px;overflow:auto}.main{flex:1;min-width:0}
#feed{max-height:200px;overflow:auto}#editor{width:90%;height:120px}.code{white-space:pre;font-family:monospace}</style>${head}</head>
<body><header class="layout c1"><nav>${nav}</nav></header>
<div class="layout"><aside class="side"><ul>${tree}</ul></aside>
<main class="main"><table class="files">${files}</table><table class="blob">${code}</table>
<section class="comments">${comments}</section>${extra}</main></div></body></html>`;
}

/** A page of a few dozen nodes (an issue with one comment box): what a navigation costs apart from the page's size. */
export const smallPage = `<!doctype html><html><head><meta charset="utf-8"><title>small page</title>
<style>body{font:14px system-ui;margin:24px}textarea{width:480px;height:100px}</style></head>
<body><header><a href="#">repo</a> / <a href="#">issues</a></header><main><h1>Flaky test on CI</h1>
<p>The clip export fails once in ten runs on the slower runner; the log below shows the timeout.</p>
<pre>Error: timed out after 5000 ms</pre><ul><li>seen on main</li><li>not seen locally</li></ul>
<label for="reply">Comment</label><br><textarea id="reply"></textarea><p><button type="button">Comment</button></p></main></body></html>`;

/** Mutation micro workloads after rrweb's own benchmarks; window.work.setup(name) then window.work.run(name). */
export const mutationPage = `<!doctype html><html><head><meta charset="utf-8"><title>mutations</title></head><body><div id="root"></div>
<script>
const root = document.getElementById('root');
const tick = () => new Promise((r) => setTimeout(r, 0));
window.work = {
  async setup(name) {
    if (name === 'class-10k') {
      const f = document.createDocumentFragment();
      for (let i = 0; i < 10000; i++) { const d = document.createElement('div'); d.className = 'a'; f.appendChild(d); }
      root.appendChild(f);
    } else if (name === 'text-10x1k') {
      const f = document.createDocumentFragment();
      for (let i = 0; i < 1000; i++) { const s = document.createElement('span'); s.textContent = 't' + i; f.appendChild(s); }
      root.appendChild(f);
    }
  },
  async run(name) {
    if (name === 'add-1000x10') {
      for (let i = 0; i < 1000; i++) {
        const d = document.createElement('div');
        for (let k = 0; k < 10; k++) { const s = document.createElement('span'); s.textContent = 'n' + k; d.appendChild(s); }
        root.appendChild(d);
      }
    } else if (name === 'class-10k') {
      for (const d of root.children) d.className = 'b';
    } else if (name === 'text-10x1k') {
      for (let k = 0; k < 10; k++) {
        for (const s of root.children) s.firstChild.data = 'v' + k;
        await tick();
      }
    } else if (name === 'deep-chain') {
      let p = root;
      for (let i = 0; i < 1000; i++) { const d = document.createElement('div'); p.appendChild(d); p = d; }
    }
    await tick();
  },
};
</script></body></html>`;

/** The working session: a large page with an editor and a feed that the page itself mutates 4 times a second. */
export function sessionPage() {
  const extra = `<section><h3>Reply</h3><textarea id="editor"></textarea><div id="feed"></div></section>
<script>
(() => {
  const editor = document.getElementById('editor');
  const feed = document.getElementById('feed');
  window.__counts = { inputs: 0, mutations: 0 };
  editor.addEventListener('input', () => window.__counts.inputs++);
  let n = 0;
  window.startFeed = () => setInterval(() => {
    n++;
    const k = n % 4;
    if (k === 0 || feed.children.length === 0) {
      const d = document.createElement('div'); d.className = 'item c' + (n % 900);
      d.innerHTML = '<b>bot</b> <span>event ' + n + ' updated the build status of the pipeline</span>';
      feed.appendChild(d);
    } else if (k === 1) feed.lastElementChild.querySelector('span').textContent = 'event ' + n + ' passed';
    else if (k === 2) feed.lastElementChild.classList.toggle('seen');
    else if (feed.children.length > 30) feed.firstElementChild.remove();
    else feed.lastElementChild.setAttribute('data-n', String(n));
    window.__counts.mutations++;
  }, 250);
})();
</script>`;
  return largePage({ title: 'session', lines: 400, extra });
}

/**
 * Pipe burst: a small page that inserts 10k nodes at once. Its text has typographic characters beyond Latin-1,
 * as nearly every real page does: they make V8 hold the batch's JSON two bytes a character, which doubles what
 * serialising and sending it cost.
 */
export const burstPage = `<!doctype html><html><head><meta charset="utf-8"><title>burst</title></head><body><div id="root"></div>
<script>
window.burst = () => {
  const f = document.createDocumentFragment();
  for (let i = 0; i < 10000; i++) {
    const d = document.createElement('div'); d.className = 'row r' + (i % 50);
    d.textContent = 'row ' + i + ' of the ten thousand inserted at once \u2014 don\u2019t scroll\u2026';
    f.appendChild(d);
  }
  document.getElementById('root').appendChild(f);
};
</script></body></html>`;

/** A page whose full snapshot is about `mb` MB of JSON, with typographic text like the burst page's. */
export function bigSnapshotPage(mb = 5) {
  const r = rng(9);
  const rows = [];
  const target = mb * 1024 * 1024;
  let size = 0;
  for (let i = 0; size < target * 0.62; i++) {
    const text = words(r, 30);
    rows.push(`<div class="row c${i % 500}" data-i="${i}"><span>${text} \u2014 don\u2019t\u2026</span></div>`);
    size += text.length + 90;
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>big snapshot</title></head><body>${rows.join('')}</body></html>`;
}

/**
 * A canvas editor: a 2D canvas and a WebGL canvas, redrawn on a fixed schedule of states. Some states last
 * less than half a second (animation in flight), the rest last 0.6 to 3 s; the page logs every state so that
 * the bench can check which ones replay would show.
 */
export const canvasPage = `<!doctype html><html><head><meta charset="utf-8"><title>canvas editor</title>
<style>canvas{border:1px solid #ccc;display:block;margin:4px}</style></head><body>
<canvas id="c2d" width="800" height="450"></canvas><canvas id="cgl" width="480" height="320"></canvas>
<script>
window.__states = [];
window.startCanvas = (seed) => {
  let s = seed >>> 0;
  const r = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
  const c2 = document.getElementById('c2d').getContext('2d');
  c2.fillStyle = '#fff'; c2.fillRect(0, 0, 800, 450);
  const glc = document.getElementById('cgl');
  const gl = glc.getContext('webgl');
  const vs = gl.createShader(gl.VERTEX_SHADER);
  gl.shaderSource(vs, 'attribute vec2 p;uniform vec2 o;void main(){gl_Position=vec4(p+o,0.,1.);}'); gl.compileShader(vs);
  const fs = gl.createShader(gl.FRAGMENT_SHADER);
  gl.shaderSource(fs, 'precision mediump float;uniform vec4 c;void main(){gl_FragColor=c;}'); gl.compileShader(fs);
  const prog = gl.createProgram(); gl.attachShader(prog, vs); gl.attachShader(prog, fs); gl.linkProgram(prog); gl.useProgram(prog);
  const buf = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, .3, -.3, -.3, .3, -.3]), gl.STATIC_DRAW);
  const loc = gl.getAttribLocation(prog, 'p'); gl.enableVertexAttribArray(loc); gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const uo = gl.getUniformLocation(prog, 'o'), uc = gl.getUniformLocation(prog, 'c');
  const HOLDS = [200, 300, 700, 1000, 1500, 3000];
  let id = 0, prev = null;
  const step = () => {
    const now = Date.now();
    if (prev) prev.end = now;
    const which = r() < 0.6 ? '2d' : 'gl';
    if (which === '2d') {
      c2.strokeStyle = 'hsl(' + Math.floor(r() * 360) + ',70%,40%)'; c2.lineWidth = 2 + r() * 6; c2.beginPath();
      let x = r() * 800, y = r() * 450; c2.moveTo(x, y);
      for (let k = 0; k < 12; k++) { x += (r() - .5) * 80; y += (r() - .5) * 80; c2.lineTo(x, y); }
      c2.stroke();
    } else {
      gl.clearColor(r(), r(), r(), 1); gl.clear(gl.COLOR_BUFFER_BIT);
      gl.uniform2f(uo, r() - .5, r() - .5); gl.uniform4f(uc, r(), r(), r(), 1); gl.drawArrays(gl.TRIANGLES, 0, 3);
    }
    const hold = HOLDS[Math.floor(r() * HOLDS.length)];
    prev = { id: id++, canvas: which, start: now, end: null, hold };
    window.__states.push(prev);
    window.__canvasTimer = setTimeout(step, hold);
  };
  step();
};
window.stopCanvas = () => { clearTimeout(window.__canvasTimer); const p = window.__states.at(-1); if (p && !p.end) p.end = Date.now(); };
</script></body></html>`;

/** Leaks: a single-page app that changes route 4 times a second and mounts and removes an iframe every second. */
export const spaPage = `<!doctype html><html><head><meta charset="utf-8"><title>spa</title></head><body><nav id="nav"></nav><main id="view"></main><div id="frames"></div>
<script>
let n = 0, frame = null;
const view = document.getElementById('view');
window.startSpa = () => {
  window.__t1 = setInterval(() => {
    n++;
    history.pushState({ n }, '', '/spa.html?route=' + n);
    const items = [];
    for (let i = 0; i < 60; i++) items.push('<li class="i' + (i % 7) + '"><a href="#x' + i + '">route ' + n + ' item ' + i + '</a> <span>detail</span></li>');
    view.innerHTML = '<h2>Route ' + n + '</h2><ul>' + items.join('') + '</ul>';
  }, 250);
  window.__t2 = setInterval(() => {
    if (frame) frame.remove();
    frame = document.createElement('iframe');
    frame.src = '/frame.html?f=' + n;
    document.getElementById('frames').appendChild(frame);
  }, 1000);
};
window.stopSpa = () => { clearInterval(window.__t1); clearInterval(window.__t2); if (frame) frame.remove(); frame = null; view.innerHTML = ''; };
</script></body></html>`;

export const framePage = `<!doctype html><html><head><meta charset="utf-8"><style>li{color:#345}</style></head><body><ul>${Array.from({ length: 80 }, (_, i) => `<li>frame item ${i}</li>`).join('')}</ul></body></html>`;

export const replayPage = `<!doctype html><html><head><meta charset="utf-8"><title>replay harness</title>
<link rel="stylesheet" href="/vendor/rrweb/style.css"><style>#host{width:1280px;height:800px;position:relative;overflow:hidden}</style></head>
<body><div id="host"></div><script src="/harness/replay.js"></script></body></html>`;
