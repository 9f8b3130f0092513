// `npm run build`: rollup (ESM + browser bundles) then tsc declaration output per package.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
for (const p of ['core', 'sim', 'web', 'tv', 'react-native', 'server']) {
  const cfg = `packages/${p}/tsconfig.build.json`;
  if (existsSync(cfg)) run('npx', ['tsc', '-p', cfg]);
}
