// Posts one message per task, as the recorder's content script posts a piece of a batch, when the runner asks:
// the job (kind, characters, count, and whether to wrap the string as a piece) is read from the page's dataset.
(async () => {
  const port = chrome.runtime.connect({ name: 'port-cost' });
  await new Promise((ready) => {
    port.onMessage.addListener((m) => m === 'pong' && ready());
    port.postMessage('ping');
  });
  // A flat string of `n` characters, two bytes each if `twoByte` (one character beyond Latin-1 per thousand).
  const text = (n, k, twoByte) =>
    JSON.parse(JSON.stringify(('x'.repeat(999) + (twoByte ? '\u2014' : 'y')).repeat(Math.ceil(n / 1000)).slice(0, n - 4) + String(k).padStart(4, '0')));
  // Each step leaves the title in a state that stays until the runner's next step, so that none can be missed.
  let messages = [];
  window.addEventListener('port-cost:prepare', () => {
    const [kind, n, count, wrapped] = JSON.parse(document.documentElement.dataset.job);
    messages = Array.from({ length: count }, (_, i) => {
      if (kind === 'none') return null;
      const m = text(n, i, kind === 'two');
      return wrapped ? { type: 'trace/piece', set: 1, from: i, pieces: [',', m] } : m;
    });
    document.title = 'prepared';
  });
  window.addEventListener('port-cost:post', () => {
    let k = 0;
    function postOne() {
      const m = messages[k++];
      if (m !== null) port.postMessage(m);
      if (k < messages.length) setTimeout(postOne, 4);
      else document.title = 'done';
    }
    setTimeout(postOne, 50);
  });
  document.title = 'ready';
})();
