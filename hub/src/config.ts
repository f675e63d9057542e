/**
 * Every setting comes from the environment (HUB_*), so one image or checkout serves any team; README.md lists them.
 * Parsing is strict: a typo in a number stops the service at start rather than running with a surprise default.
 */

export interface S3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Left undefined to use the AWS SDK's default credential chain (env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Optional key prefix, so one bucket can hold several hubs or other data. */
  prefix: string;
}

export interface HubConfig {
  host: string;
  port: number;
  /** Base URL that links are built on (https://hub.example.com); when unset, taken from the request's Host. */
  publicUrl?: string;
  store: { kind: 'disk'; dataDir: string } | { kind: 's3'; s3: S3Config };
  maxUploadBytes: number;
  maxMessageBytes: number;
  maxQuestionsPerLink: number;
  defaultTtlMs: number;
  maxTtlMs: number;
  rateLimit: { burst: number; perSecond: number };
  /** How many proxies in front of the service append to X-Forwarded-For (0: use the socket's address). */
  trustProxyHops: number;
  /** Allowed CORS origins; an entry may end in `*` ("chrome-extension://*"), or be `*` alone. */
  corsOrigins: string[];
  /** How often each instance deletes the content of expired and revoked links (0: never). */
  sweepIntervalMs: number;
  /** How long the record of an expired or revoked link is kept, so it answers 410 rather than 404. */
  tombstoneRetentionMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function num(env: Env, name: string, fallback: number, { min = 0, integer = true } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function str(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

export function loadConfig(env: Env = process.env): HubConfig {
  const bucket = str(env, 'HUB_S3_BUCKET');
  const storeKind = str(env, 'HUB_STORE') ?? (bucket ? 's3' : 'disk');
  let store: HubConfig['store'];
  if (storeKind === 'disk') {
    store = { kind: 'disk', dataDir: str(env, 'HUB_DATA_DIR') ?? './data' };
  } else if (storeKind === 's3') {
    if (!bucket || bucket.length < 3) throw new ConfigError('HUB_S3_BUCKET (at least 3 characters) is required for the S3 store');
    const accessKeyId = str(env, 'HUB_S3_ACCESS_KEY_ID');
    const secretAccessKey = str(env, 'HUB_S3_SECRET_ACCESS_KEY');
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      throw new ConfigError('Set both HUB_S3_ACCESS_KEY_ID and HUB_S3_SECRET_ACCESS_KEY, or neither');
    }
    let prefix = str(env, 'HUB_S3_PREFIX') ?? '';
    if (prefix && !prefix.endsWith('/')) prefix += '/';
    store = {
      kind: 's3',
      s3: {
        bucket,
        endpoint: str(env, 'HUB_S3_ENDPOINT'),
        region: str(env, 'HUB_S3_REGION') ?? 'us-east-1',
        forcePathStyle: bool(env, 'HUB_S3_FORCE_PATH_STYLE', false),
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        prefix,
      },
    };
  } else {
    throw new ConfigError(`HUB_STORE must be "disk" or "s3", got "${storeKind}"`);
  }

  const publicUrl = str(env, 'HUB_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/]+(\/.*)?$/.test(publicUrl)) {
    throw new ConfigError(`HUB_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }

  const defaultTtlDays = num(env, 'HUB_DEFAULT_TTL_DAYS', 30, { min: 0.001, integer: false });
  const maxTtlDays = num(env, 'HUB_MAX_TTL_DAYS', 365, { min: 0.001, integer: false });
  if (defaultTtlDays > maxTtlDays) throw new ConfigError('HUB_DEFAULT_TTL_DAYS must not exceed HUB_MAX_TTL_DAYS');

  return {
    host: str(env, 'HUB_HOST') ?? '127.0.0.1',
    port: num(env, 'HUB_PORT', 8787),
    publicUrl,
    store,
    maxUploadBytes: num(env, 'HUB_MAX_UPLOAD_BYTES', 20 * 1024 * 1024, { min: 1 }),
    maxMessageBytes: num(env, 'HUB_MAX_MESSAGE_BYTES', 64 * 1024, { min: 1 }),
    maxQuestionsPerLink: num(env, 'HUB_MAX_QUESTIONS_PER_LINK', 500, { min: 1 }),
    defaultTtlMs: defaultTtlDays * DAY,
    maxTtlMs: maxTtlDays * DAY,
    rateLimit: {
      burst: num(env, 'HUB_RATE_LIMIT_BURST', 120, { min: 1 }),
      perSecond: num(env, 'HUB_RATE_LIMIT_PER_SECOND', 2, { min: 0.001, integer: false }),
    },
    trustProxyHops: num(env, 'HUB_TRUST_PROXY_HOPS', 0),
    corsOrigins: (str(env, 'HUB_CORS_ORIGINS') ?? 'chrome-extension://*,moz-extension://*')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sweepIntervalMs: num(env, 'HUB_SWEEP_INTERVAL_MINUTES', 60, { integer: false }) * 60 * 1000,
    tombstoneRetentionMs: num(env, 'HUB_TOMBSTONE_RETENTION_DAYS', 90, { integer: false }) * DAY,
  };
}
