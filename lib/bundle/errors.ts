/** Why a bundle cannot be written or read, each with its own message for the person in front of it. */
import { formatBytes } from '../trace-export';

export type BundleErrorCode =
  | 'bad_key'
  | 'key_required'
  | 'wrong_key'
  | 'tampered'
  | 'truncated'
  | 'not_a_bundle'
  | 'unsupported_version'
  | 'too_large'
  | 'malformed'
  | 'empty_clip';

export interface BundleErrorDetail {
  version?: unknown;
  size?: number;
  limit?: number;
  /** What exactly failed validation (for 'malformed'); short, for logs and the message. */
  reason?: string;
}

function message(code: BundleErrorCode, d: BundleErrorDetail): string {
  switch (code) {
    case 'bad_key':
      return "This link's key is incomplete or damaged: copy the whole link, including the part after #k=.";
    case 'key_required':
      return 'This file is sealed: open it with the link or key its author gave you.';
    case 'wrong_key':
      return "This key does not open this clip: the link's key belongs to another clip, or the link was mixed up.";
    case 'tampered':
      return 'This clip was altered after it was published, so it cannot be trusted and is not shown.';
    case 'truncated':
      return 'This clip is incomplete: the download or file was cut short. Try again, or ask for a new copy.';
    case 'not_a_bundle':
      return 'This is not a Shadowtrace clip.';
    case 'unsupported_version':
      return `This clip uses format version ${String(d.version)}, which this version of Shadowtrace cannot read. Update Shadowtrace to open it.`;
    case 'too_large':
      return `This clip is ${formatBytes(d.size ?? 0)}, more than the ${formatBytes(d.limit ?? 0)} a clip may be. Choose a shorter range.`;
    case 'malformed':
      return `This clip is damaged and cannot be shown${d.reason ? ` (${d.reason})` : ''}.`;
    case 'empty_clip':
      return 'This clip has nothing to show: it holds no snapshot of the page.';
  }
}

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    readonly detail: BundleErrorDetail = {},
  ) {
    super(message(code, detail));
    this.name = 'BundleError';
  }
}
