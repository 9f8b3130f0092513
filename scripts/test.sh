#!/usr/bin/env bash
# The one command that runs every test: `npm test` (README). CI's .ci/run calls it.
# Order: system packages -> build -> typecheck -> lint -> API report check -> API reference -> size budget -> unit + browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
npm run --silent build
npm run --silent typecheck
npm run --silent lint
# The d.ts files are fresh from the build above.
npm run --silent api:check -- --no-build
npm run --silent docs
npm run --silent size
rm -f .vitest-results.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@" || status=$?
node scripts/print-test-summary.mjs .vitest-results.json || true
exit $status
