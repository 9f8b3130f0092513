/** The core types this package uses, in one place (re-exported from `@edgeplay/web`). */
export type { DeepPartial, LoadOptions, PlayerConfig, Presentation } from '@edgeplay/core';

/**
 * The optional third argument of `createPlayer` (policy components), passed
 * through untouched. Typed loosely here so this package does not pin the
 * components interface while it is being introduced in core.
 */
export type PlayerComponentsLike = Record<string, unknown>;
