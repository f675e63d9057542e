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
      const byScript = new Map();
      for (const n of profile.nodes) {
        const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        const ms = (timeOf.get(n.id) ?? 0) / 1000;
        self.set(name, (self.get(name) ?? 0) + ms);
        const { url, functionName, lineNumber } = n.callFrame;
        // Scripts added with addInitScript (plain rrweb, the bench's instrument) have no URL.
        const script = url ? url.replace(/[?#].*$/, '') : functionName.startsWith('(') ? functionName : lineNumber < 0 ? '(browser built-ins)' : '(scripts the bench injected)';
        byScript.set(script, (byScript.get(script) ?? 0) + ms);
      }
      const lines = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${name}`);
      return [...lines(self, top), '  by script:', ...lines(byScript, 12)].join('\n');
    },
  };
}

/**
 * Samples where a page allocates the memory it keeps: `stop()` (after a GC) returns the allocation sites of what
 * is still alive, by retained size (BENCH_PROFILE=1 in the leaks workload).
 */
export async function startHeapProfile(cdp, top = 25) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096 });
  return {
    async stop() {
      await cdp.send('HeapProfiler.collectGarbage');
      const { profile } = await cdp.send('HeapProfiler.stopSampling');
      const bySite = new Map();
      const walk = (node, stack) => {
        const frame = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
        const here = [...stack, frame];
        if (node.selfSize > 0) {
          const key = here.slice(-4).join(' < ');
          bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
        }
        for (const child of node.children) walk(child, here);
      };
      walk(profile.head, []);
      return [...bySite]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([site, bytes]) => `${(bytes / 1024).toFixed(0).padStart(7)} KB  ${site}`)
        .join('\n');
    },
  };
}
