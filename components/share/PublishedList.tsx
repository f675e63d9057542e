/**
 * The author's published clips (issue 5): each link with its views and questions (the hub's stats, read with the
 * revoke token), its expiry (1, 7, 30 or 90 days from now), revoke, and the questions with an answer box. Only a
 * row holding the link's revoke token can do any of it, which is every row this list shows.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { db } from '@/lib/db';
import { EXPIRY_DAYS, expiryFor, linkOf, threadOf, type ClipRecord } from '@/lib/published';
import { formatClock } from '@/lib/replay/timeline';
import { formatDate, type LinkStats, type ThreadEntry } from '@/lib/share-client';
import { messageOf } from './messages';
import { refreshQuestionBadge, shareClient } from './transport';
import './share.css';

/** How often the list reads each link's figures again while it is open. */
const STATS_POLL_MS = 15_000;

function PublishedItem({ row, traceTitle }: { row: ClipRecord; traceTitle: string }) {
  const link = linkOf(row);
  const title = row.title ?? `Clip of ${traceTitle}`;
  const [stats, setStats] = useState<LinkStats | null>(null);
  const [thread, setThread] = useState<ThreadEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [answers, setAnswers] = useState<Record<string, string>>({});

  const refresh = async () => {
    if (!link || !row.published) return;
    const client = shareClient(link.service);
    try {
      const s = await client.stats(link.id, row.published.revokeToken);
      setStats(s);
      setThread(s.status === 'active' && s.questions > 0 ? await client.thread(link.id, link.key) : []);
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
    }
  };

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATS_POLL_MS);
    return () => clearInterval(timer);
  }, [row.id, row.published?.url]);

  if (!link || !row.published) return null;
  const token = row.published.revokeToken;
  const client = shareClient(link.service);
  const act = async (what: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await what();
      setNotice(done);
      await refresh();
      void refreshQuestionBadge();
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  const status = stats?.status ?? 'active';
  const threads = threadOf(thread);

  return (
    <li aria-label={title} data-status={status}>
      <div className="clip-row">
        <strong style={{ flex: 1 }}>{title}</strong>
        {stats && stats.unanswered > 0 && (
          <span className="badge-count" aria-label={`${stats.unanswered} unanswered`}>
            {stats.unanswered}
          </span>
        )}
      </div>
      <div className="clip-row">
        <input type="text" readOnly aria-label={`Link of ${title}`} value={row.published.url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void navigator.clipboard.writeText(row.published!.url).then(() => setNotice('Link copied.'), () => setNotice('Select the link and copy it.'))}>
          Copy link
        </button>
      </div>
      <p className="muted" aria-label={`Figures of ${title}`}>
        {stats ? (
          <>
            {stats.views} view{stats.views === 1 ? '' : 's'} · {stats.questions} question{stats.questions === 1 ? '' : 's'}
            {stats.unanswered > 0 ? ` (${stats.unanswered} unanswered)` : ''} ·{' '}
            {status === 'active'
              ? `expires ${formatDate(stats.expiresAt)}`
              : status === 'expired'
                ? `expired ${formatDate(stats.expiresAt)}`
                : `revoked ${formatDate(stats.revokedAt)}`}
          </>
        ) : (
          'Reading the figures…'
        )}
      </p>
      {status === 'active' && (
        <div className="clip-row">
          <label>
            <span className="muted">Expire in </span>
            <select
              aria-label={`Expiry of ${title}`}
              defaultValue=""
              onChange={(e) => {
                const days = Number(e.currentTarget.value);
                if (!days) return;
                void act(async () => {
                  const changed = await client.setExpiry(link.id, token, expiryFor(days));
                  await db().clips.update(row.id, { published: { ...row.published!, expiresAt: Date.parse(changed.expiresAt) } });
                }, `Now expires in ${days === 1 ? '1 day' : `${days} days`}.`);
              }}
            >
              <option value="" disabled>
                choose…
              </option>
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? '1 day' : `${d} days`}
                </option>
              ))}
            </select>
          </label>
          {confirmRevoke ? (
            <>
              <span>Mentees lose access for good.</span>
              <button type="button" className="primary" onClick={() => void act(() => client.revoke(link.id, token), 'Revoked: the link no longer opens.').then(() => setConfirmRevoke(false))}>
                Yes, revoke
              </button>
              <button type="button" onClick={() => setConfirmRevoke(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" aria-label={`Revoke ${title}`} onClick={() => setConfirmRevoke(true)}>
              Revoke
            </button>
          )}
        </div>
      )}
      {notice && <p role="status" className="muted">{notice}</p>}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {threads.length > 0 && (
        <ul className="plain thread" aria-label={`Questions on ${title}`}>
          {threads.map(({ question, answers: replies }) => (
            <li key={question.id}>
              <div>
                {question.t !== null && <span className="muted">{formatClock(question.t)} </span>}
                {question.text ?? <span className="muted">{question.problem}</span>}
              </div>
              {replies.map((a) => (
                <div key={a.id} className="answer">
                  {a.text ?? <span className="muted">{a.problem}</span>}
                </div>
              ))}
              <form
                className="clip-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  const text = (answers[question.id] ?? '').trim();
                  if (!text) return;
                  void act(() => client.answer(link.id, link.key, token, question.id, text), 'Answer sent.').then(() =>
                    setAnswers((a) => ({ ...a, [question.id]: '' })),
                  );
                }}
              >
                <textarea
                  rows={2}
                  aria-label={`Answer to: ${question.text ?? 'question'}`}
                  value={answers[question.id] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setAnswers((a) => ({ ...a, [question.id]: value }));
                  }}
                />
                <button type="submit">Send answer</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function PublishedList() {
  const rows = useLiveQuery(async () => {
    const clips = (await db().clips.toArray()) as ClipRecord[];
    const published = clips.filter((c) => c.published !== null).sort((a, b) => b.createdAt - a.createdAt);
    const traces = await db().traces.bulkGet([...new Set(published.map((c) => c.traceId))]);
    const titles = new Map(traces.flatMap((t) => (t ? [[t.id, t.title] as const] : [])));
    return published.map((row) => ({ row, traceTitle: titles.get(row.traceId) ?? 'a deleted trace' }));
  }, []);

  useEffect(() => {
    void refreshQuestionBadge();
  }, []);

  if (!rows || rows.length === 0) return null;
  return (
    <section aria-labelledby="published-heading">
      <h2 id="published-heading">Published</h2>
      <ul className="plain published-list" aria-label="Published">
        {rows.map(({ row, traceTitle }) => (
          <PublishedItem key={row.id} row={row} traceTitle={traceTitle} />
        ))}
      </ul>
    </section>
  );
}
