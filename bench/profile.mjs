/**
 * Samples a page's JavaScript with the CDP profiler; `stop()` returns the functions with the most self time, one
 * per line (BENCH_PROFILE=1: where the replay engine's seeks spend their time).
 */
export async function startProfile(page, top = 30) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const timeOf = new Map();
      profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      const self = new Map();
      for (const n of profile.nodes) {
        const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(name, (self.get(name) ?? 0) + (timeOf.get(n.id) ?? 0) / 1000);
      }
      return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${name}`).join('\n');
    },
  };
}
