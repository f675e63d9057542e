import type { ObjectStore } from './store/index.ts';
import { HubError, notFound } from './errors.ts';
import { hashToken, LINK_ID, MESSAGE_ID, newLinkId, newMessageId, newRevokeToken, tokenMatches } from './tokens.ts';

/*
 * Store layout, one folder per link:
 *
 *   links/<id>/meta.json               written once, last, at upload: the commit point of an upload
 *   links/<id>/expiry.json             the author's latest expiry change (absent until one is made)
 *   links/<id>/revoked.json            tombstone; once present it wins over everything else
 *   links/<id>/content/bundle          the ciphertext, written before meta.json
 *   links/<id>/content/views/<mid>     one empty object per view (counted by listing)
 *   links/<id>/content/thread/<mid>.q          a question (opaque encrypted blob)
 *   links/<id>/content/thread/<mid>.a.<qid>    an answer to question <qid>
 *
 * No object is ever rewritten from a value read before, so instances sharing the store need no locks:
 * - meta.json and messages are written once under fresh random names; nothing else writes them.
 * - views and questions are new objects rather than increments of a counter, so concurrent writers cannot lose
 *   each other's updates; counts are listings.
 * - expiry.json is a whole-object overwrite by the author (last writer wins, as the author would expect), and it
 *   cannot bring a link back: a revoked link stays revoked because revoked.json is checked first, and an expired
 *   link refuses changes.
 * - revoke writes the tombstone before deleting content, so a reader either sees the tombstone or the content.
 * Expiry is checked against the stored record on every request, on every instance.
 */

export interface LinksOptions {
  now: () => number;
  defaultTtlMs: number;
  maxTtlMs: number;
  maxQuestionsPerLink: number;
  tombstoneRetentionMs: number;
}

export interface ExpiryInput {
  /** Seconds from now. */
  expiresIn?: unknown;
  /** An ISO 8601 date-time. */
  expiresAt?: unknown;
}

interface LinkMeta {
  v: 1;
  id: string;
  createdAt: string;
  expiresAt: string;
  size: number;
  tokenHash: string;
}

type LinkStatus = 'active' | 'expired' | 'revoked';

interface Resolved {
  meta: LinkMeta;
  expiresAt: number;
  revokedAt?: number;
  status: LinkStatus;
}

export interface ThreadMessage {
  id: string;
  kind: 'question' | 'answer';
  /** For an answer: the id of the question it answers. */
  replyTo?: string;
  createdAt: string;
  /** The client's encrypted blob, base64. */
  blob: string;
}

const MIN_TTL_MS = 60_000;

const k = {
  folder: (id: string) => `links/${id}/`,
  meta: (id: string) => `links/${id}/meta.json`,
  expiry: (id: string) => `links/${id}/expiry.json`,
  revoked: (id: string) => `links/${id}/revoked.json`,
  content: (id: string) => `links/${id}/content/`,
  bundle: (id: string) => `links/${id}/content/bundle`,
  views: (id: string) => `links/${id}/content/views/`,
  thread: (id: string) => `links/${id}/content/thread/`,
};

const iso = (ms: number) => new Date(ms).toISOString();

function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function decodeJson<T>(bytes: Uint8Array | undefined): T | undefined {
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString('utf8')) as T);
}

export function assertLinkId(id: string): void {
  if (!LINK_ID.test(id)) throw new HubError(400, 'bad_id', 'A link id is 22 characters of A-Z, a-z, 0-9, "-" and "_".');
}

export class Links {
  constructor(
    private readonly store: ObjectStore,
    private readonly opts: LinksOptions,
  ) {}

  /** Turns an optional expiry request into a time, or refuses it. */
  expiryFrom(input: ExpiryInput | undefined, { required = false } = {}): number {
    const now = this.opts.now();
    let at: number;
    if (input?.expiresIn !== undefined && input.expiresAt !== undefined) {
      throw new HubError(400, 'bad_expiry', 'Give either expiresIn or expiresAt, not both.');
    } else if (input?.expiresIn !== undefined) {
      const seconds = typeof input.expiresIn === 'string' && input.expiresIn.trim() !== '' ? Number(input.expiresIn) : input.expiresIn;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        throw new HubError(400, 'bad_expiry', 'expiresIn must be a number of seconds.');
      }
      at = now + seconds * 1000;
    } else if (input?.expiresAt !== undefined) {
      at = typeof input.expiresAt === 'string' ? Date.parse(input.expiresAt) : NaN;
      if (!Number.isFinite(at) || !/^\d{4}-\d\d-\d\dT/.test(input.expiresAt as string)) {
        throw new HubError(400, 'bad_expiry', 'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z.');
      }
    } else if (required) {
      throw new HubError(400, 'bad_expiry', 'Give expiresIn (seconds) or expiresAt (ISO 8601).');
    } else {
      at = now + this.opts.defaultTtlMs;
    }
    if (at < now + MIN_TTL_MS || at > now + this.opts.maxTtlMs) {
      throw new HubError(400, 'bad_expiry', 'The expiry must be between one minute and the maximum lifetime from now.', {
        minExpiresAt: iso(now + MIN_TTL_MS),
        maxExpiresAt: iso(now + this.opts.maxTtlMs),
      });
    }
    return Math.floor(at);
  }

  async create(bundle: Uint8Array, expiry?: ExpiryInput): Promise<{ id: string; revokeToken: string; expiresAt: string }> {
    const expiresAt = this.expiryFrom(expiry);
    const id = newLinkId();
    const revokeToken = newRevokeToken();
    const meta: LinkMeta = {
      v: 1,
      id,
      createdAt: iso(this.opts.now()),
      expiresAt: iso(expiresAt),
      size: bundle.byteLength,
      tokenHash: hashToken(revokeToken),
    };
    // Content first, meta last: a link exists for readers only once its bytes are in place.
    await this.store.put(k.bundle(id), bundle);
    await this.store.put(k.meta(id), encodeJson(meta));
    return { id, revokeToken, expiresAt: meta.expiresAt };
  }

  private async resolve(id: string): Promise<Resolved | undefined> {
    assertLinkId(id);
    const [metaBytes, expiryBytes, revokedBytes] = await Promise.all([
      this.store.get(k.meta(id)),
      this.store.get(k.expiry(id)),
      this.store.get(k.revoked(id)),
    ]);
    const meta = decodeJson<LinkMeta>(metaBytes);
    if (!meta) return undefined;
    const expiresAt = Date.parse(decodeJson<{ expiresAt: string }>(expiryBytes)?.expiresAt ?? meta.expiresAt);
    const revoked = decodeJson<{ revokedAt: string }>(revokedBytes);
    if (revoked) return { meta, expiresAt, revokedAt: Date.parse(revoked.revokedAt), status: 'revoked' };
    return { meta, expiresAt, status: this.opts.now() >= expiresAt ? 'expired' : 'active' };
  }

  /** The link, if it can be read now; otherwise the error that says why not. */
  private async active(id: string): Promise<Resolved> {
    const link = await this.resolve(id);
    if (!link) throw notFound();
    if (link.status === 'revoked') throw revokedError(link);
    if (link.status === 'expired') throw expiredError(link);
    return link;
  }

  /** The link, if `token` is its revoke token, whatever its status. */
  private async authorised(id: string, token: string | undefined): Promise<Resolved> {
    const link = await this.resolve(id);
    if (!link) throw notFound();
    if (token === undefined) {
      throw new HubError(401, 'token_required', 'This needs the revoke token: send "Authorization: Bearer <token>".');
    }
    if (!tokenMatches(token, link.meta.tokenHash)) {
      throw new HubError(403, 'bad_token', 'The revoke token does not match this link.');
    }
    return link;
  }

  /** For the viewer page: what a request for this link would answer, without reading the content. */
  async status(id: string): Promise<LinkStatus | 'not_found'> {
    return (await this.resolve(id))?.status ?? 'not_found';
  }

  /** For the viewer page of an ended link: its state and when it ended (ISO), without reading the content. */
  async pageState(id: string): Promise<{ status: LinkStatus | 'not_found'; endedAt?: string }> {
    const link = await this.resolve(id);
    if (!link) return { status: 'not_found' };
    if (link.status === 'revoked') return { status: 'revoked', endedAt: iso(link.revokedAt ?? 0) };
    if (link.status === 'expired') return { status: 'expired', endedAt: iso(link.expiresAt) };
    return { status: 'active' };
  }

  /** The ciphertext. Counts a view unless `token` is the link's revoke token (the author previewing). */
  async read(id: string, token?: string): Promise<Uint8Array> {
    const link = await this.active(id);
    const bytes = await this.store.get(k.bundle(id));
    if (!bytes) {
      // Content only disappears after a revoke or an expiry (perhaps seen first by an instance whose clock is ahead).
      const again = await this.resolve(id);
      if (again?.status === 'revoked') throw revokedError(again);
      if (again) throw expiredError(again);
      throw notFound();
    }
    if (token !== undefined && tokenMatches(token, link.meta.tokenHash)) return bytes;
    try {
      await this.store.put(`${k.views(id)}${newMessageId(this.opts.now())}`, new Uint8Array());
    } catch (err) {
      console.error(`hub: could not count a view of ${id}:`, err);
    }
    return bytes;
  }

  async setExpiry(id: string, token: string | undefined, input: ExpiryInput): Promise<{ id: string; expiresAt: string }> {
    const link = await this.authorised(id, token);
    if (link.status === 'revoked') throw revokedError(link);
    // An expired link's content may already be swept, so it cannot be brought back: publish again instead.
    if (link.status === 'expired') throw expiredError(link);
    const expiresAt = iso(this.expiryFrom(input, { required: true }));
    await this.store.put(k.expiry(id), encodeJson({ expiresAt, updatedAt: iso(this.opts.now()) }));
    return { id, expiresAt };
  }

  async revoke(id: string, token: string | undefined): Promise<{ id: string; revokedAt: string }> {
    const link = await this.authorised(id, token);
    let revokedAt = link.revokedAt;
    if (revokedAt === undefined) {
      revokedAt = this.opts.now();
      await this.store.put(k.revoked(id), encodeJson({ revokedAt: iso(revokedAt) }));
    }
    // Also on a repeated revoke: it finishes a deletion that an earlier attempt may have left half done.
    await this.store.deletePrefix(k.content(id));
    return { id, revokedAt: iso(revokedAt) };
  }

  async stats(id: string, token: string | undefined) {
    const link = await this.authorised(id, token);
    const [views, threadKeys] = await Promise.all([this.store.list(k.views(id)), this.store.list(k.thread(id))]);
    const questions = new Set<string>();
    const answered = new Set<string>();
    for (const key of threadKeys) {
      const msg = parseMessageKey(key.slice(k.thread(id).length));
      if (msg?.kind === 'question') questions.add(msg.id);
      else if (msg?.replyTo) answered.add(msg.replyTo);
    }
    return {
      id,
      status: link.status,
      createdAt: link.meta.createdAt,
      expiresAt: iso(link.expiresAt),
      ...(link.revokedAt !== undefined ? { revokedAt: iso(link.revokedAt) } : {}),
      size: link.meta.size,
      views: views.length,
      questions: questions.size,
      unanswered: [...questions].filter((q) => !answered.has(q)).length,
    };
  }

  async thread(id: string): Promise<{ id: string; messages: ThreadMessage[] }> {
    await this.active(id);
    const prefix = k.thread(id);
    const keys = await this.store.list(prefix);
    const messages = await mapLimit(keys, 16, async (key): Promise<ThreadMessage | undefined> => {
      const parsed = parseMessageKey(key.slice(prefix.length));
      const blob = parsed && (await this.store.get(key));
      if (!parsed || !blob) return undefined;
      return { ...parsed, createdAt: iso(Number(parsed.id.slice(0, 13))), blob: Buffer.from(blob).toString('base64') };
    });
    return { id, messages: messages.filter((m): m is ThreadMessage => m !== undefined) };
  }

  async ask(id: string, blob: Uint8Array): Promise<{ id: string; createdAt: string }> {
    await this.active(id);
    const prefix = k.thread(id);
    // A soft cap against filling the store through one link: concurrent askers may pass it by a few.
    const existing = (await this.store.list(prefix)).filter((key) => key.endsWith('.q')).length;
    if (existing >= this.opts.maxQuestionsPerLink) {
      throw new HubError(409, 'thread_full', 'This link has as many questions as it can hold.', {
        limit: this.opts.maxQuestionsPerLink,
      });
    }
    const now = this.opts.now();
    const mid = newMessageId(now);
    await this.store.put(`${prefix}${mid}.q`, blob);
    return { id: mid, createdAt: iso(now) };
  }

  async answer(id: string, questionId: string, token: string | undefined, blob: Uint8Array) {
    if (!MESSAGE_ID.test(questionId)) throw new HubError(400, 'bad_question_id', 'That is not a question id.');
    const link = await this.authorised(id, token);
    if (link.status === 'revoked') throw revokedError(link);
    if (link.status === 'expired') throw expiredError(link);
    const prefix = k.thread(id);
    if (!(await this.store.get(`${prefix}${questionId}.q`))) {
      throw new HubError(404, 'question_not_found', 'This link has no question with that id.');
    }
    const now = this.opts.now();
    const mid = newMessageId(now);
    await this.store.put(`${prefix}${mid}.a.${questionId}`, blob);
    return { id: mid, replyTo: questionId, createdAt: iso(now) };
  }

  /**
   * Deletes the content (bundle, views, thread) of expired and revoked links, and, once the tombstone retention has
   * passed, their records too (after which they answer 404). Idempotent, so every instance may run it at any time.
   */
  async sweep(): Promise<{ cleared: number; purged: number }> {
    let cleared = 0;
    let purged = 0;
    for (const id of await this.store.listFolders('links/')) {
      if (!LINK_ID.test(id)) continue;
      const link = await this.resolve(id);
      // No meta: an upload in progress (or one that failed half way); left alone.
      if (!link || link.status === 'active') continue;
      const endedAt = link.revokedAt ?? link.expiresAt;
      if (this.opts.now() - endedAt > this.opts.tombstoneRetentionMs) {
        await this.store.deletePrefix(k.content(id));
        await this.store.deletePrefix(k.folder(id));
        purged++;
      } else if ((await this.store.list(k.content(id))).length > 0) {
        await this.store.deletePrefix(k.content(id));
        cleared++;
      }
    }
    return { cleared, purged };
  }
}

function revokedError(link: Resolved): HubError {
  return new HubError(410, 'link_revoked', 'The author revoked this link.', { revokedAt: iso(link.revokedAt ?? 0) });
}

function expiredError(link: Resolved): HubError {
  return new HubError(410, 'link_expired', 'This link has expired.', { expiredAt: iso(link.expiresAt) });
}

function parseMessageKey(name: string): Omit<ThreadMessage, 'createdAt' | 'blob'> | undefined {
  const m = /^(\d{13}-[0-9a-f]{12})\.(q|a\.(\d{13}-[0-9a-f]{12}))$/.exec(name);
  if (!m?.[1]) return undefined;
  return m[3] ? { id: m[1], kind: 'answer', replyTo: m[3] } : { id: m[1], kind: 'question' };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
