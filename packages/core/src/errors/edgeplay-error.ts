/**
 * Typed errors. Every failure the SDK surfaces is an {@link EdgeplayError}: it
 * says which subsystem failed (category), exactly what failed (code), and
 * whether playback can go on (severity). Apps switch on `code`; humans read
 * `message`.
 */

import type { ErrorCategory } from './codes.js';

export type { ErrorCategory } from './codes.js';

/**
 * `recoverable`: the engine retried, switched or skipped and playback goes on.
 * `fatal`: playback stopped; the app must `load()` again.
 */
export type ErrorSeverity = 'recoverable' | 'fatal';

/** Options of an {@link EdgeplayError}. */
export interface EdgeplayErrorOptions {
  severity?: ErrorSeverity;
  /** Structured context (URL, HTTP status, line number, element path...). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Base of every error the SDK raises: a category, a stable code, a severity and structured details. */
export class EdgeplayError extends Error {
  override readonly name: string = 'EdgeplayError';
  readonly category: ErrorCategory;
  readonly code: string;
  readonly severity: ErrorSeverity;
  readonly details: Record<string, unknown>;

  constructor(category: ErrorCategory, code: string, message: string, options: EdgeplayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.category = category;
    this.code = code;
    this.severity = options.severity ?? 'fatal';
    this.details = options.details ?? {};
  }

  /**
   * A copy with another severity, e.g. when a retry budget turns a
   * recoverable error fatal. Keeps the subclass (a NetworkError stays a
   * NetworkError with its details), the stack and the cause.
   */
  withSeverity(severity: ErrorSeverity): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { severity });
    for (const key of ['message', 'stack', 'cause'] as const) {
      const own = Object.getOwnPropertyDescriptor(this, key);
      if (own) Object.defineProperty(copy, key, own);
    }
    return copy;
  }

  toJSON(): Record<string, unknown> {
    return { category: this.category, code: this.code, severity: this.severity, message: this.message, details: this.details };
  }
}

/** Whether `e` is an {@link EdgeplayError} (any category). */
export function isEdgeplayError(e: unknown): e is EdgeplayError {
  return e instanceof EdgeplayError;
}
