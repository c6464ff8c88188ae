import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * The commands that draw nothing (list, lint, schema, --dry-run) and the engine must not load
 * an action implementation, a database driver, execa or child processes: read from the import
 * graph of the built bundle (dist/meta.json, esbuild's metafile), and from what a real run of
 * each command resolves.
 */

interface MetaOutput {
  entryPoint?: string;
  inputs: Record<string, unknown>;
  imports: Array<{ path: string; kind: string; external?: boolean }>;
}
const DIST = join(CLI, '..');
interface MetaInput {
  imports: Array<{ path: string; kind: string; external?: boolean }>;
}
const meta = JSON.parse(readFileSync(join(DIST, 'meta.json'), 'utf8')) as { inputs: Record<string, MetaInput>; outputs: Record<string, MetaOutput> };
const chunks = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));

const FORBIDDEN_EXTERNALS = ['pg', 'pg-native', '@libsql/client', 'node:child_process', 'child_process', 'node:net', 'net'];
const FORBIDDEN_PACKAGES = /node_modules\/(execa|ink|react|pg|@libsql)\//;

const ROOT = join(DIST, '..');
/**
 * A module under src/actions that holds what an action does: it defines an action's `run`.
 * (Pure helpers a spec's `describe` shares with implementations may be loaded; the checks on
 * drivers and child processes below hold for them too.)
 */
function isActionImplementation(input: string): boolean {
  if (!input.startsWith('src/actions/') || input.endsWith('.spec.ts')) return false;
  return /\bActionDefinition<|\basync run\(/.test(readFileSync(join(ROOT, input), 'utf8'));
}

function chunkOfEntry(source: string): string {
  const found = chunks.find(([, out]) => out.entryPoint === source);
  if (!found) throw new Error(`no chunk has entry point ${source}: is it loaded through import()?`);
  return found[0];
}

/** Every chunk loaded, statically, once `start` is: what a command costs before it imports anything lazily. */
function staticClosure(start: string[]): { inputs: string[]; externals: string[] } {
  const seen = new Set<string>();
  const queue = [...start];
  const inputs: string[] = [];
  const externals: string[] = [];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const out = meta.outputs[path];
    if (!out) throw new Error(`metafile has no output ${path}`);
    inputs.push(...Object.keys(out.inputs));
    for (const i of out.imports) {
      if (i.kind !== 'import-statement' && i.kind !== 'require-call') continue;
      if (i.external) externals.push(i.path);
      else queue.push(i.path);
    }
  }
  return { inputs, externals };
}

/**
 * What the engine's own modules import, statically, read from the sources' graph rather than
 * from chunks: esbuild puts an engine module that only the TUI uses into the TUI's chunk, and
 * that chunk's imports are the TUI's, not the engine's.
 */
function sourceClosure(start: string[]): { inputs: string[]; externals: string[] } {
  const seen = new Set<string>();
  const queue = [...start];
  const externals: string[] = [];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const i of meta.inputs[path]?.imports ?? []) {
      if (i.kind !== 'import-statement' && i.kind !== 'require-call') continue;
      if (i.external) externals.push(i.path);
      else queue.push(i.path);
    }
  }
  return { inputs: [...seen], externals };
}

const engineInputs = Object.keys(meta.inputs).filter((i) => i.startsWith('src/engine/'));

const ROOTS: Record<string, string[]> = {
  'the entry (cli.js)': [chunkOfEntry('src/cli.tsx')],
  // Each with what it imports lazily on a cache miss (the runbook loader, the checker).
  list: [chunkOfEntry('src/commands/list.ts'), chunkOfEntry('src/runbook/discover.ts')],
  lint: [chunkOfEntry('src/commands/lint.ts'), chunkOfEntry('src/runbook/lint.ts')],
  schema: [chunkOfEntry('src/commands/schema.ts')],
  'run --dry-run': [chunkOfEntry('src/commands/dry-run.ts')],
};

describe('the import graph of the built bundle', () => {
  it('finds the engine in the bundle (the walk below is not vacuous)', () => {
    expect(engineInputs.length).toBeGreaterThan(10);
    expect(sourceClosure(engineInputs).inputs.some((i) => i.startsWith('src/runbook/'))).toBe(true);
    expect(staticClosure(ROOTS.lint!).inputs.some((i) => /src\/actions\/.*\.spec\.ts$/.test(i))).toBe(true);
  });

  for (const [what, roots] of Object.entries(ROOTS)) {
    it(`${what} loads no action implementation, no driver, no execa, no child process or socket`, () => {
      const { inputs, externals } = staticClosure(roots);
      expect(inputs.filter(isActionImplementation)).toEqual([]);
      expect(inputs.filter((i) => FORBIDDEN_PACKAGES.test(i))).toEqual([]);
      expect(externals.filter((e) => FORBIDDEN_EXTERNALS.includes(e))).toEqual([]);
    });
  }

  it('the engine loads no action implementation, no UI, no driver, no execa, no child process or socket', () => {
    const { inputs, externals } = sourceClosure(engineInputs);
    expect(inputs.filter(isActionImplementation)).toEqual([]);
    expect(inputs.filter((i) => FORBIDDEN_PACKAGES.test(i) || i.startsWith('src/ui/'))).toEqual([]);
    expect(externals.filter((e) => FORBIDDEN_EXTERNALS.includes(e))).toEqual([]);
  });

  it('leaves out what pitstop never uses of its packages: conf\'s validator and semver, zod\'s translations', () => {
    const inputs = chunks.flatMap(([, out]) => Object.keys(out.inputs));
    expect(inputs.some((i) => i.includes('node_modules/conf/'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(ajv|ajv-formats|semver)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => /node_modules\/zod\/v4\/locales\/(?!en\.js$)/.test(i))).toEqual([]);
  });

  it('the runner reaches implementations only through import() (they are lazy chunks)', () => {
    const implChunks = chunks.filter(([, out]) => Object.keys(out.inputs).some(isActionImplementation)).map(([path]) => path);
    expect(implChunks.length).toBeGreaterThan(0);
    const lazilyImported = new Set(chunks.flatMap(([, out]) => out.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)));
    const entry = staticClosure(ROOTS['the entry (cli.js)']!);
    expect(entry.inputs.filter(isActionImplementation)).toEqual([]);
    expect(implChunks.some((c) => lazilyImported.has(c))).toBe(true);
  });
});

describe('what the commands that draw nothing load when they run', () => {
  const recorder = fileURLToPath(new URL('../helpers/record-imports.mjs', import.meta.url));
  const shipped = fileURLToPath(new URL('../../runbooks', import.meta.url));

  /**
   * What of `loaded` (resolved URLs) must not be there: a package from node_modules that is
   * forbidden, or a chunk of the bundle that holds one (Ink, React and execa are bundled, so
   * they show up as chunks of dist/, not as node_modules paths) or an action implementation.
   */
  function forbidden(loaded: string[]): string[] {
    const found = new Set<string>();
    for (const url of loaded) {
      if (/node_modules\/(ink|react|pg|@libsql|execa)\//.test(url)) found.add(url);
      if (['node:net'].includes(url)) found.add(url);
      const at = url.lastIndexOf('/dist/');
      const out = at >= 0 ? meta.outputs[url.slice(at + 6)] : undefined;
      for (const input of Object.keys(out?.inputs ?? {})) {
        if (FORBIDDEN_PACKAGES.test(input) || isActionImplementation(input)) found.add(`${url.slice(at + 6)}: ${input.replace(/.*node_modules\//, '')}`);
      }
    }
    return [...found];
  }

  async function loadedBy(s: Sandbox, args: string[], exitCode: number): Promise<string[]> {
    const file = join(s.cwd, `imports-${Math.random()}.txt`);
    const result = await pitstop(s, args, { nodeArgs: ['--import', recorder], env: { PITSTOP_TEST_IMPORTS_FILE: file } });
    expect(result.exitCode, result.stderr).toBe(exitCode);
    const loaded = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
    return loaded;
  }

  it('pitstop run, up to its first step, loads no Ink, no driver, no execa, no action implementation', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    // Headless without --yes, the run stops at its first step's gate (exit 3): what it loaded is what starting costs.
    const steps = '  - id: ask\n    kind: confirm\n    body: Go on?\n  - id: one\n    kind: command\n    argv: ["true"]\n';
    writeFileSync(join(s.cwd, 'runbooks', 'gated.yaml'), `id: gated\ntitle: Gated\nscenario: custom\nengine: libsql\nsteps:\n${steps}`);
    // The first run makes the sandbox database (that needs the driver, once per state home).
    expect((await pitstop(s, ['run', 'gated', '--plain'])).exitCode).toBe(3);
    expect(forbidden(await loadedBy(s, ['run', 'gated', '--plain'], 3))).toEqual([]);
  });

  it('the check above sees a bundled package (the walk is not vacuous)', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    writeFileSync(join(s.cwd, 'runbooks', 'one.yaml'), 'id: one\ntitle: One\nscenario: custom\nengine: libsql\nsteps:\n  - id: one\n    kind: command\n    argv: ["true"]\n');
    expect(forbidden(await loadedBy(s, ['run', 'one', '--plain'], 0)).some((f) => f.includes('execa/'))).toBe(true);
  });

  /** The packages of node_modules that the loaded modules hold (bundled into chunks of dist/ or loaded from node_modules). */
  function packagesIn(loaded: string[]): Set<string> {
    const found = new Set<string>();
    const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    for (const url of loaded) {
      const direct = packageOf(url);
      if (direct) found.add(direct);
      const at = url.lastIndexOf('/dist/');
      const out = at >= 0 ? meta.outputs[url.slice(at + 6)] : undefined;
      for (const input of Object.keys(out?.inputs ?? {})) {
        const bundled = packageOf(input);
        if (bundled) found.add(bundled);
      }
    }
    return found;
  }

  it('pitstop run of command steps, from a warm runbook cache and no pitstop.yaml, parses no YAML and loads no zod (no action spec)', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    writeFileSync(join(s.cwd, 'runbooks', 'one.yaml'), 'id: one\ntitle: One\nscenario: custom\nengine: libsql\nsteps:\n  - id: one\n    kind: command\n    argv: ["true"]\n');
    // The first run makes the sandbox database and caches the runbook.
    expect((await pitstop(s, ['run', 'one', '--plain'])).exitCode).toBe(0);
    const loaded = packagesIn(await loadedBy(s, ['run', 'one', '--plain'], 0));
    expect(loaded.has('execa')).toBe(true);
    expect(loaded.has('yaml')).toBe(false);
    expect(loaded.has('zod')).toBe(false);
  });

  for (const args of [['list', '--json'], ['lint', shipped], ['schema']]) {
    it(`pitstop ${args[0]} loads no Ink, no driver, no execa, no action implementation`, async () => {
      const loaded = await loadedBy(makeSandbox(), args, 0);
      expect(forbidden(loaded)).toEqual([]);
      expect(loaded.filter((url) => ['node:child_process', 'node:net'].includes(url))).toEqual([]);
    });
  }
});
