/**
 * Errors a person can cause and act on. Route handlers and server actions turn them into a 4xx
 * with the message; anything else is logged with the request id and answered as a 500.
 */
export type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_transition"
  | "limit_reached"
  /** An edit named a version that someone else has since replaced (details say who, when and what). */
  | "stale"
  /** A shared job type or login/setup is used by campaigns: the edit must be confirmed (details list them). */
  | "shared";

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  limit_reached: 409,
  stale: 409,
  shared: 409,
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} was not found.`);
export const forbidden = (reason: string) => new DomainError("forbidden", reason);
