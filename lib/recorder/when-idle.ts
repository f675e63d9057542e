/** Runs `fn` when the page is idle, or after `timeoutMs` at the latest; at once where the browser has no idle callbacks. */
export function whenIdle(win: Window, fn: () => void, timeoutMs: number): void {
  if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(fn, { timeout: timeoutMs });
  else win.setTimeout(fn, 0);
}
