/** Space used: what the traces take, and what this extension uses against the browser's quota for it. */
import { useEffect, useState } from 'react';
import { formatBytes } from '@/lib/trace-export';

export const FULL_HINT_AT = 0.8;

export interface StorageEstimate {
  usage: number;
  quota: number;
}

export function useStorageEstimate(deps: readonly unknown[]): StorageEstimate | null {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  useEffect(() => {
    let live = true;
    void navigator.storage
      ?.estimate()
      .then((e) => live && setEstimate({ usage: e.usage ?? 0, quota: e.quota ?? 0 }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return estimate;
}

/** Like formatBytes, with gigabytes for quotas. */
export function formatSpace(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return formatBytes(bytes);
}

export function percentUsed(e: StorageEstimate): number {
  return e.quota > 0 ? e.usage / e.quota : 0;
}

/** "Shadowtrace uses 1.2 MB of the 9.8 GB this browser allows it (under 1%)": calm, rounded, never "0%" for something used. */
export function quotaLine(e: StorageEstimate): string {
  const p = percentUsed(e) * 100;
  const percent = p === 0 ? '0%' : p < 1 ? 'under 1%' : `${Math.round(p)}%`;
  return `Shadowtrace uses ${formatSpace(e.usage)} of the ${formatSpace(e.quota)} this browser allows it (${percent})`;
}

export function fullHint(e: StorageEstimate): string | null {
  if (percentUsed(e) < FULL_HINT_AT) return null;
  return `Storage is ${Math.round(percentUsed(e) * 100)}% full. Recording pauses when it runs out: export traces you want to keep and delete old ones.`;
}
