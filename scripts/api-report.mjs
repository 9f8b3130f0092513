#!/usr/bin/env node
/**
 * `npm run api` regenerates the API reports `api/<package>.api.md` of the
 * published packages from their declaration output; `npm run api:check`
 * (in scripts/test.sh) fails when the public API differs from the checked-in
 * report, so every API change is a visible diff in review.
 *
 * Uses @microsoft/api-extractor (the tool TypeScript libraries use for this)
 * rather than a home-made declaration walker: it resolves re-exports to their
 * declarations, flags exported signatures that mention unexported types
 * (ae-forgotten-export) and undocumented names, and its report format is
 * what reviewers know. It bundles its own TypeScript, so it reads our d.ts
 * files with a minimal compiler config instead of the repo tsconfig.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const check = process.argv.includes('--check');
const skipBuild = process.argv.includes('--no-build');

/** [report name, package folder, entry d.ts relative to the package]. */
const entries = [
  ['core', 'core', 'dist/types/index.d.ts'],
  ['sim', 'sim', 'dist/types/index.d.ts'],
  ['web', 'web', 'dist/types/index.d.ts'],
  ['server', 'server', 'dist/types/index.d.ts'],
];

if (!skipBuild) {
  for (const p of ['core', 'sim', 'web', 'server']) execFileSync('npx', ['tsc', '-p', `packages/${p}/tsconfig.build.json`], { cwd: root, stdio: 'inherit' });
}
mkdirSync(path.join(root, 'api'), { recursive: true });
mkdirSync(path.join(root, 'api/temp'), { recursive: true });

let failed = false;
for (const [name, pkg, entry] of entries) {
  const packageFolder = path.join(root, 'packages', pkg);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: packageFolder,
      mainEntryPointFilePath: path.join(packageFolder, entry),
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'], strict: true, skipLibCheck: true },
          include: [path.join(packageFolder, 'dist/types')],
        },
      },
      apiReport: { enabled: true, reportFileName: `${name}.api.md`, reportFolder: path.join(root, 'api'), reportTempFolder: path.join(root, 'api/temp') },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // Internal types referenced from a public signature are listed in the report (visible, reviewable) rather than failing.
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    },
    configObjectFullPath: path.join(packageFolder, 'api-extractor.json'),
    packageJsonFullPath: path.join(packageFolder, 'package.json'),
    packageJson: JSON.parse(readFileSync(path.join(packageFolder, 'package.json'), 'utf8')),
  });
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false, messageCallback: (m) => { if (m.logLevel === 'warning' && /TypeScript version/.test(m.text)) m.handled = true; } });
  if (check && result.apiReportChanged) {
    console.error(`api:check: the public API of ${name} changed; run \`npm run api\` and commit api/${name}.api.md (diff: api/temp/${name}.api.md)`);
    failed = true;
  } else if (!result.succeeded) {
    console.error(`api: ${name}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`);
    failed = true;
  } else {
    console.log(`api: ${name} ${result.apiReportChanged ? 'report updated' : 'unchanged'} (api/${name}.api.md)`);
  }
}
process.exit(failed ? 1 : 0);
