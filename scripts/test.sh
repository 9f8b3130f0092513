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
# The TV soak (>= 10 min of wall-clock playback, its own server and Chromium) runs in the background beside the
# main suite on a full run, so CI waits for it once instead of in series; its failure fails the run.
soak_pid=""
if [ $# -eq 0 ]; then
  npx vitest run --project browser-soak --reporter=default > .vitest-soak.log 2>&1 &
  soak_pid=$!
  set -- --project unit --project browser
fi
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@" || status=$?
node scripts/print-test-summary.mjs .vitest-results.json || true
if [ -n "$soak_pid" ]; then
  if wait "$soak_pid"; then grep -a '\[tv soak\]' .vitest-soak.log || true; else echo "browser-soak failed:"; cat .vitest-soak.log; status=1; fi
fi
exit $status
