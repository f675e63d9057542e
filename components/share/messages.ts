/** One sentence for whatever went wrong while sharing: each error of the sharing core already speaks to people. */
import { BundleError } from '@/lib/bundle';
import { ClipError } from '@/lib/clip';
import { SelectorError } from '@/lib/redact';
import { ShareError } from '@/lib/share-client';
import { LinkError } from '@/lib/share-link';

export function messageOf(err: unknown): string {
  if (err instanceof ShareError || err instanceof BundleError || err instanceof LinkError || err instanceof ClipError || err instanceof SelectorError) {
    return err.message;
  }
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}`;
}

/** The kind of failure, for tests and styling (`data-error` on the message). */
export function codeOf(err: unknown): string {
  if (err instanceof ShareError || err instanceof BundleError || err instanceof LinkError || err instanceof ClipError) return err.code;
  return 'unknown';
}
