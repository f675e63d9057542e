/** The library's order: days newest first, and within a day each site with its traces, newest first. */
import type { TraceRow } from '@/lib/db';

export interface SiteGroup {
  site: string;
  traces: TraceRow[];
}

export interface DayGroup {
  /** Local calendar day, `YYYY-MM-DD`. */
  key: string;
  label: string;
  sites: SiteGroup[];
}

function dayKey(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function dayLabel(t: number, now = Date.now()): string {
  const key = dayKey(t);
  if (key === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return 'Yesterday';
  const sameYear = new Date(t).getFullYear() === new Date(now).getFullYear();
  return new Date(t).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Case-insensitive match on title and site; every word of the query must match one of them. */
export function matchesQuery(trace: Pick<TraceRow, 'title' | 'site'>, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${trace.title}\n${trace.site}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function groupTraces(traces: readonly TraceRow[], now = Date.now()): DayGroup[] {
  const sorted = [...traces].sort((a, b) => b.startedAt - a.startedAt);
  const days: DayGroup[] = [];
  for (const trace of sorted) {
    const key = dayKey(trace.startedAt);
    let day = days.at(-1);
    if (day?.key !== key) {
      day = { key, label: dayLabel(trace.startedAt, now), sites: [] };
      days.push(day);
    }
    let site = day.sites.find((s) => s.site === trace.site);
    if (!site) {
      site = { site: trace.site, traces: [] };
      day.sites.push(site);
    }
    site.traces.push(trace);
  }
  return days;
}
