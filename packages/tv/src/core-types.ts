/** The core types this package uses, in one place (re-exported from `@edgeplay/web`). */
export type { AbrStrategy, Component, DeepPartial, LoadOptions, PlayerComponents, PlayerConfig, Presentation } from '@edgeplay/core';

/** The optional third argument of `createPlayer` (policy components), passed through (the ABR strategy wrapped where the profile needs it). */
export type PlayerComponentsLike = Partial<import('@edgeplay/core').PlayerComponents>;
