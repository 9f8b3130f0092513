/**
 * Simulator building blocks: the real engine on a virtual clock with a
 * trace-driven network and a simulated decoder. Exported separately from
 * core's main index (it is test/bench tooling, not player runtime).
 */
export * from './virtual-clock.js';
