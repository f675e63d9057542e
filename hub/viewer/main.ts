/**
 * The web viewer behind /s/<id>, for people without the extension. It reads the key from the link's fragment (never
 * sent to the server), downloads the ciphertext from this hub, decrypts, decompresses and validates it in the browser
 * (lib/bundle: all or nothing), then replays it with the extension's own ReplayEngine: rrweb's Replayer in an iframe
 * without allow-scripts, canvas frames painted from here. Questions are sealed with the same key (lib/share-client).
 *
 * Failure at any step shows one message and nothing else: the clip's part of the page is revealed only once the
 * bundle is decoded and the first frame is drawn. The page's CSP (src/viewer-page.ts) forbids inline script and any
 * request to another origin; this file builds DOM with textContent only, never from markup.
 */
import { decodeBundle, type Bundle } from '../../lib/bundle';
import { ShareClient, formatDate, type ThreadEntry } from '../../lib/share-client';
import { parseTraceLink, type TraceLink } from '../../lib/share-link';
import { SPEEDS, clamp, formatClock } from '../../lib/replay/timeline';
import { ReplayEngine } from '../../components/player/replay-engine';
import { insecureProblem, problemOf, type Problem } from './problems';
import { marksOf, traceFromBundle } from './trace';

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The viewer page lacks #${id}.`);
  return el as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<'className' | 'textContent' | 'type' | 'title', string>> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

const ui = {
  status: $('status'),
  problem: $('problem'),
  problemTitle: $('problem-title'),
  problemText: $('problem-text'),
  clip: $('clip'),
  title: $('clip-title'),
  meta: $('clip-meta'),
  frame: $('replay-frame'),
  stage: $('replay-stage'),
  play: $<HTMLButtonElement>('play'),
  scrub: $<HTMLInputElement>('scrub'),
  clock: $('clock'),
  speed: $<HTMLSelectElement>('speed'),
  marks: $('marks'),
  noMarks: $('no-marks'),
  askForm: $<HTMLFormElement>('ask'),
  askText: $<HTMLTextAreaElement>('question'),
  askButton: $<HTMLButtonElement>('ask-button'),
  askStatus: $('ask-status'),
  thread: $('thread'),
  threadStatus: $('thread-status'),
  refresh: $<HTMLButtonElement>('refresh-thread'),
};

let engine: ReplayEngine | null = null;

function setStatus(text: string): void {
  ui.status.textContent = text;
  ui.status.hidden = text === '';
}

/** Shows one problem and nothing of the clip. */
function fail(problem: Problem): void {
  engine?.destroy();
  engine = null;
  ui.stage.replaceChildren();
  ui.clip.hidden = true;
  setStatus('');
  ui.problem.dataset.code = problem.code;
  ui.problemTitle.textContent = problem.title;
  ui.problemText.textContent = problem.message;
  ui.problem.hidden = false;
  document.title = `${problem.title} - Shadowtrace`;
}

async function main(): Promise<void> {
  // WebCrypto exists only in a secure context: say so plainly rather than fail later with a cryptic error.
  if (!window.isSecureContext || !globalThis.crypto?.subtle) return fail(insecureProblem(location.host));
  let link: TraceLink;
  try {
    link = parseTraceLink(location.href);
  } catch (err) {
    return fail(problemOf(err));
  }

  const client = new ShareClient({ service: link.service });
  let bundle: Bundle;
  try {
    setStatus('Downloading the clip…');
    const bytes = await client.download(link.id);
    setStatus('Decrypting and checking the clip…');
    const decoded = await decodeBundle(bytes, link.key);
    bundle = decoded.bundle;
    setStatus('Preparing the replay…');
    const trace = traceFromBundle(decoded, link.id);
    showClip(trace, bundle);
  } catch (err) {
    return fail(problemOf(err));
  }
  setStatus('');
  ui.clip.hidden = false;
  fitReplay();
  void loadThread(client, link);
  wireQuestions(client, link);
}

// -- replay --------------------------------------------------------------------------------------------------------

let viewport = { width: 1024, height: 768 };
let duration = 0;

function showClip(trace: ReturnType<typeof traceFromBundle>, bundle: Bundle): void {
  ui.title.textContent = bundle.title;
  document.title = `${bundle.title} - Shadowtrace`;
  const where = bundle.url ? ` · ${bundle.url}` : '';
  ui.meta.textContent = `Published ${formatDate(bundle.created)} · ${formatClock(bundle.duration)}${where}`;
  duration = trace.end - trace.start;
  ui.scrub.min = '0';
  ui.scrub.max = String(Math.max(1, Math.round(duration)));
  ui.scrub.step = '1';
  ui.scrub.value = '0';
  const start = trace.start;
  const current = new ReplayEngine(ui.stage, trace, {
    hooks: {
      onTime: (t) => showTime(t - start),
      onPlaying: (playing) => {
        ui.play.textContent = playing ? 'Pause' : 'Play';
        ui.play.setAttribute('aria-pressed', String(playing));
      },
      onViewport: (size) => {
        viewport = size;
        fitReplay();
      },
    },
  });
  engine = current;
  // The first frame is drawn here, synchronously: a failure is caught by main() and nothing is revealed.
  current.seek(start);
  const rel = (t: number) => start + t;

  ui.play.addEventListener('click', () => current.toggle());
  let pending: number | null = null;
  ui.scrub.addEventListener('input', () => {
    const first = pending === null;
    pending = Number(ui.scrub.value);
    showTime(pending);
    if (!first) return;
    requestAnimationFrame(() => {
      const target = pending;
      pending = null;
      if (target !== null) seekTo(rel(target));
    });
  });
  for (const s of SPEEDS) ui.speed.append(el('option', { textContent: `${s}×` }));
  ui.speed.selectedIndex = SPEEDS.indexOf(1);
  ui.speed.addEventListener('change', () => current.setSpeed(SPEEDS[ui.speed.selectedIndex] ?? 1));
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) return;
    if (e.key === ' ') {
      e.preventDefault();
      current.toggle();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const step = (e.shiftKey ? 1000 : 5000) * (e.key === 'ArrowLeft' ? -1 : 1);
      seekTo(clamp(current.currentTime() + step, trace.start, trace.end));
    }
  });

  const marks = marksOf(bundle);
  ui.noMarks.hidden = marks.length > 0;
  ui.marks.replaceChildren(
    ...marks.map((m) => {
      const button = el('button', { type: 'button', className: 'seek', textContent: formatClock(m.t), title: `Go to ${formatClock(m.t)}` });
      button.addEventListener('click', () => seekTo(rel(m.t)));
      return el('li', { className: m.note ? 'mark note' : `mark moment moment-${m.kind}` }, button, el('span', { className: 'mark-label', textContent: m.label }));
    }),
  );
  new ResizeObserver(fitReplay).observe(ui.frame);
  window.addEventListener('resize', fitReplay);
}

function seekTo(t: number): void {
  if (!engine) return;
  try {
    engine.seek(t);
  } catch (err) {
    fail(problemOf(err));
  }
}

function showTime(t: number): void {
  ui.clock.textContent = `${formatClock(t)} / ${formatClock(duration)}`;
  if (document.activeElement !== ui.scrub) ui.scrub.value = String(Math.round(t));
  ui.askButton.textContent = `Ask at ${formatClock(t)}`;
}

/** Scales the recorded viewport to the width the page has (never up), keeping its proportions. */
function fitReplay(): void {
  const room = ui.frame.parentElement?.clientWidth ?? ui.frame.clientWidth;
  if (!room || !viewport.width) return;
  const scale = Math.min(1, room / viewport.width);
  ui.stage.style.transform = `scale(${scale})`;
  ui.frame.style.width = `${Math.floor(viewport.width * scale)}px`;
  ui.frame.style.height = `${Math.floor(viewport.height * scale)}px`;
}

// -- questions and answers ---------------------------------------------------------------------------------------

/** Answers arrive while the mentee watches: the thread is read again now and then, quietly, while the tab is seen. */
const THREAD_POLL_MS = 60_000;

async function loadThread(client: ShareClient, link: TraceLink, quiet = false): Promise<void> {
  if (!quiet) ui.threadStatus.textContent = 'Loading questions…';
  ui.refresh.disabled = true;
  try {
    renderThread(await client.thread(link.id, link.key));
    ui.threadStatus.textContent = '';
  } catch (err) {
    ui.threadStatus.textContent = `Questions cannot be shown: ${problemOf(err).message}`;
  } finally {
    ui.refresh.disabled = false;
  }
}

function renderThread(entries: ThreadEntry[]): void {
  const questions = entries.filter((e) => e.kind === 'question');
  const answers = new Map<string, ThreadEntry[]>();
  for (const a of entries) {
    if (a.kind !== 'answer' || !a.replyTo) continue;
    answers.set(a.replyTo, [...(answers.get(a.replyTo) ?? []), a]);
  }
  if (questions.length === 0) {
    ui.thread.replaceChildren(el('li', { className: 'empty', textContent: 'No questions yet. Pause where something puzzles you and ask.' }));
    return;
  }
  ui.thread.replaceChildren(
    ...questions.map((q) => {
      const head = el('div', { className: 'question-head' });
      if (q.t !== null) {
        const t = q.t;
        const button = el('button', { type: 'button', className: 'seek', textContent: formatClock(t), title: `Go to ${formatClock(t)}` });
        button.addEventListener('click', () => engine && seekTo(engine.start + t));
        head.append(button);
      }
      head.append(el('span', { className: 'when', textContent: formatDate(q.createdAt) }));
      const body = el('p', { className: q.text === null ? 'question-text problem-text' : 'question-text', textContent: q.text ?? q.problem ?? 'This message is damaged.' });
      const replies = answers.get(q.id) ?? [];
      const list = el(
        'ol',
        { className: 'answers' },
        ...replies.map((a) =>
          el(
            'li',
            { className: 'answer' },
            el('span', { className: 'who', textContent: 'Author' }),
            el('p', { className: a.text === null ? 'answer-text problem-text' : 'answer-text', textContent: a.text ?? a.problem ?? 'This message is damaged.' }),
            el('span', { className: 'when', textContent: formatDate(a.createdAt) }),
          ),
        ),
      );
      const item = el('li', { className: 'question' }, head, body);
      if (replies.length) item.append(list);
      else item.append(el('p', { className: 'waiting', textContent: 'Not answered yet.' }));
      item.dataset.id = q.id;
      return item;
    }),
  );
}

function wireQuestions(client: ShareClient, link: TraceLink): void {
  ui.refresh.addEventListener('click', () => void loadThread(client, link));
  setInterval(() => {
    if (document.visibilityState === 'visible' && !ui.refresh.disabled) void loadThread(client, link, true);
  }, THREAD_POLL_MS);
  ui.askForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.askText.value.trim();
    if (!text || !engine) {
      ui.askStatus.textContent = 'Write a question first.';
      return;
    }
    const t = Math.max(0, Math.round(engine.currentTime() - engine.start));
    ui.askButton.disabled = true;
    ui.askStatus.textContent = 'Sending…';
    client
      .ask(link.id, link.key, { t, text })
      .then(async () => {
        ui.askText.value = '';
        ui.askStatus.textContent = `Asked at ${formatClock(t)}. The author's answer will show here.`;
        await loadThread(client, link);
      })
      .catch((err: unknown) => {
        ui.askStatus.textContent = `Not sent: ${problemOf(err).message}`;
      })
      .finally(() => {
        ui.askButton.disabled = false;
      });
  });
}

// A link pasted over this one in the address bar changes only the fragment: start over with its key.
window.addEventListener('hashchange', () => location.reload());

main().catch((err: unknown) => fail(problemOf(err)));
