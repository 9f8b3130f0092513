/** Types of chromium.mjs (plain ESM so node scripts and benches use it without a TypeScript loader). */
import type { Browser } from 'playwright-core';
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function launchChromium(): Promise<Browser>;
