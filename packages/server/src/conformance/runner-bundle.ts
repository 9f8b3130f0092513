/**
 * Bundles the conformance runner page's script (conformance/src/browser,
 * with Edgeplay from the packages' src folders through tsconfig paths) with esbuild on
 * first request and keeps it in memory: the runner always matches the
 * checked-out source, with no build step before `/conformance` works.
 * esbuild rather than the rollup build: ~1 s for the whole bundle, and it is
 * already a dependency of the build.
 */
import path from 'node:path';

/** Bundles lazily; concurrent first requests share one build. */
export class RunnerBundle {
  private bundle: Promise<string> | null = null;

  constructor(private readonly repoRoot: string) {}

  get(): Promise<string> {
    this.bundle ??= this.build().catch((e: unknown) => {
      this.bundle = null; // Let the next request retry (e.g. after fixing a syntax error).
      throw e;
    });
    return this.bundle;
  }

  private async build(): Promise<string> {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: [path.join(this.repoRoot, 'conformance', 'src', 'browser', 'runner-app.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2020',
      write: false,
      minify: false,
      sourcemap: 'inline',
      tsconfig: path.join(this.repoRoot, 'tsconfig.json'),
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  }
}
