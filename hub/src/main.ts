import { createHub } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createStore } from './store/index.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`hub: ${err.message}`);
    process.exit(2);
  }
  throw err;
}

const store = await createStore(config.store);
try {
  await store.check();
} catch (err) {
  console.error(`hub: the ${store.kind} store is not usable:`, err);
  process.exit(1);
}
const hub = createHub({ config, store });
const url = await hub.listen();
const where = config.store.kind === 'disk' ? `disk store in ${config.store.dataDir}` : `S3 bucket ${config.store.s3.bucket}`;
console.log(`hub: listening on ${url} (${where}); put it behind HTTPS outside localhost`);

let sweepTimer: NodeJS.Timeout | undefined;
if (config.sweepIntervalMs > 0) {
  const sweep = () => {
    hub.links
      .sweep()
      .then(({ cleared, purged }) => {
        if (cleared || purged) console.log(`hub: sweep cleared ${cleared} and purged ${purged} expired or revoked links`);
      })
      .catch((err: unknown) => console.error('hub: sweep failed:', err))
      .finally(schedule);
  };
  // Jittered, so that instances sharing a store do not all sweep at once.
  const schedule = () => {
    sweepTimer = setTimeout(sweep, config.sweepIntervalMs * (0.75 + Math.random() / 2));
    sweepTimer.unref();
  };
  schedule();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearTimeout(sweepTimer);
    void hub.close().then(() => {
      store.close();
      process.exit(0);
    });
  });
}
