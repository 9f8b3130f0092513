/**
 * The compat cases (packages/server/src/fixtures/compat/README.md) in real
 * Chromium, the same runner as `npm run compat` but Edgeplay + one reference
 * player per case (the CI budget): (a) the reference player plays the case,
 * so the fixture is good; (b) Edgeplay does what compat-expectations.ts says —
 * `plays`, or a `gap` that must still not play (a gap that starts playing
 * fails with "update the table", so the table stays honest).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { COMPAT_EXPECTATIONS } from './compat-expectations.js';
import { defaultFixturesRoot } from '../../packages/server/src/fixtures/generate.js';
import { loadCompatCatalog, type CompatCase } from '../../packages/server/src/fixtures/compat/compat-catalog.js';
import { acceptable, formatMatrix, provesFixture, runMatrix, type CaseResult, type PlayerName } from '../../bench/compat/lib/matrix.mjs';

const chromium = useChromiumSession();
let cases: CompatCase[] = [];
let results: Record<string, Partial<Record<PlayerName, CaseResult>>> = {};

beforeAll(async () => {
  cases = loadCompatCatalog(defaultFixturesRoot()).cases;
  const known = cases.filter((k) => COMPAT_EXPECTATIONS[k.id]);
  results = await runMatrix(chromium.browser, chromium.server.url, known, { parallel: 3, operatorToken: inject('operatorToken'), players: (k) => ['edgeplay', COMPAT_EXPECTATIONS[k.id]!.reference] });
  console.log(`compat matrix (CI subset)\n${formatMatrix(known, results)}`);
}, 600_000);

const describeResult = (r: CaseResult | undefined): string => (r ? `${r.outcome}${r.detail ? ` (${r.detail})` : ''}` : 'not run');

it('the expectation table lists every compat case and nothing else', () => {
  expect(Object.keys(COMPAT_EXPECTATIONS).sort()).toEqual(cases.map((k) => k.id).sort());
});

describe.each(Object.entries(COMPAT_EXPECTATIONS))('%s', (id, expectation) => {
  const kase = (): CompatCase => {
    const k = cases.find((c) => c.id === id);
    if (!k) throw new Error(`compat catalog has no case ${id}`);
    return k;
  };

  it.skipIf(expectation.unverifiedFixture !== undefined)(`plays in ${expectation.reference} (the fixture is good)`, () => {
    const r = results[id]?.[expectation.reference];
    expect(provesFixture(kase(), r), `${expectation.reference}: ${describeResult(r)}`).toBe(true);
  });

  it(`Edgeplay: ${expectation.edgeplay}`, () => {
    const r = results[id]?.edgeplay;
    const ok = acceptable(kase(), r);
    if (expectation.edgeplay === 'plays') expect(ok, `Edgeplay: ${describeResult(r)}`).toBe(true);
    else expect(ok, `Edgeplay now plays ${id} (${describeResult(r)}): update the table in test/browser/compat-expectations.ts`).toBe(false);
  });
});
