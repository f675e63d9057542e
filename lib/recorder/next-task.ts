/**
 * Runs a function in a task of its own, soon: each piece of a large batch gets one, so the page's own work runs
 * between them. A message to ourselves on a private channel, not `setTimeout(fn, 0)`: nested timeouts wait at
 * least 4 ms each, a hidden tab's timers run once a second at most, and a page's timer patches (zone.js and the
 * like) would wrap every piece in the page's own work.
 */
export function nextTask(win: Window & typeof globalThis): (fn: () => void) => void {
  const queue: (() => void)[] = [];
  // Opened now, at document_start, before the page's scripts could patch how a port delivers.
  const channel = new win.MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}
