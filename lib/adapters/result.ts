/**
 * How an outside system's answer reaches the domain: a value, or a failure with a kind. Adapters never
 * throw past their boundary, and a failure is never a status change: the caller marks what it was
 * reading as "stale since …" and keeps what it knew. The kinds are the fault modes of the monitors
 * (shared/monitors.md): too slow, unreachable, an HTTP error, an unreadable or unexpected answer,
 * refused credentials, or no such thing.
 */
export const FAILURE_KINDS = ["timeout", "network", "http", "parse", "schema", "auth", "not_found"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export type AdapterFailure = { ok: false; kind: FailureKind; message: string; status?: number };
export type AdapterResult<T> = { ok: true; value: T } | AdapterFailure;

export const success = <T>(value: T): AdapterResult<T> => ({ ok: true, value });
export const failure = (kind: FailureKind, message: string, status?: number): AdapterFailure => ({ ok: false, kind, message, ...(status === undefined ? {} : { status }) });

/** Failures worth retrying later (as opposed to a request that will never succeed as it is). */
export const isTransient = (f: AdapterFailure) => f.kind === "timeout" || f.kind === "network" || (f.kind === "http" && (f.status ?? 500) >= 500);
