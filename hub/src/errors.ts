/**
 * Every error the API returns is JSON: `{ "error": "<code>", "message": "<for people>", ...details }`.
 * Clients switch on `error`, never on `message` or on the status alone (404 and 410 each have several codes).
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = () => new HubError(404, 'not_found', 'There is no link with this id.');
