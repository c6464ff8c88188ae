// Bundles src/cli.tsx into dist/ with esbuild. Commands that draw nothing must not load Ink,
// so the UI is reached only through dynamic import() and lands in its own chunk.
// `--if-stale` skips the build when dist/ is newer than every source file.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist');
const entry = join(out, 'cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(entry)) {
  const built = statSync(entry).mtimeMs;
  // The shipped runbooks too: the build checks them (see below).
  // The examples too: the sandbox's data comes from one of them (see below).
  const sources = Math.max(
    ...['src', 'runbooks', 'examples'].map((dir) => newestMtime(join(root, dir))),
    statSync(join(root, 'package.json')).mtimeMs,
  );
  if (built >= sources) process.exit(0);
}

/** The metafile with output paths relative to dist/ (esbuild names them after the temporary directory). */
function relativeToDist(metafile, tempDir) {
  const strip = (path) => (path.startsWith(`${tempDir}/`) ? path.slice(tempDir.length + 1) : path);
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([path, output]) => [strip(path), { ...output, imports: output.imports.map((i) => ({ ...i, path: strip(i.path) })) }]),
  );
  return { ...metafile, outputs };
}

/**
 * zod's namespace re-exports all its message translations (`z.locales`, ~360 KB of the ~750 KB
 * every command that validates loads). pitstop speaks English and never reads `z.locales`:
 * the namespace is given English alone (zod registers English by itself, from its own import).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'locales', namespace: 'zod-english-only', pluginData: { dir: join(dirname(args.importer), '..', 'locales') } } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: args.pluginData.dir,
      loader: 'js',
    }));
  },
};

/**
 * conf imports a JSON Schema validator (ajv, with its formats) and semver at its top, ~370 KB
 * that a run loads before its first step, for options pitstop never gives it (`schema`,
 * `migrations`: see journal/run-index.ts). They are left out: should anyone give conf those
 * options, it fails at once saying so, never silently unvalidated.
 */
const STUBS_FOR_CONF = {
  'ajv/dist/2020.js': 'export class Ajv2020 { constructor() { throw unused("ajv (conf schema option)"); } }',
  'ajv-formats': 'export default { default() { throw unused("ajv-formats (conf schema option)"); } };',
  semver: 'export default new Proxy({}, { get(_target, key) { throw unused(`semver.${String(key)} (conf migrations option)`); } });',
};
const confWithoutValidator = {
  name: 'conf-without-validator',
  setup(b) {
    const names = Object.keys(STUBS_FOR_CONF).map((n) => n.replace(/[.\/]/g, (c) => `\\${c}`));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: args.path, namespace: 'conf-without-validator' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'conf-without-validator' }, (args) => ({
      contents: `const unused = (what) => new Error(\`pitstop is built without \${what}\`);\n${STUBS_FOR_CONF[args.path]}`,
      loader: 'js',
    }));
  },
};

/**
 * The sandbox's data is read from the tickets example by the build (below) and written beside
 * the bundle as JSON, so a run parses no YAML and loads no config schema for it. The bundle's
 * sandbox-data.ts gets a stand-in for the YAML route that says what is missing, should the
 * JSON ever be (the route itself stays in the sources, for the tests that run them).
 */
const sandboxDataFromJsonOnly = {
  name: 'sandbox-data-from-json-only',
  setup(b) {
    b.onResolve({ filter: /^\.\/sandbox-data-source\.js$/ }, (args) =>
      /[\\/]src[\\/]config[\\/]sandbox-data\.ts$/.test(args.importer) ? { path: 'sandbox-data-source', namespace: 'sandbox-data-from-json-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sandbox-data-from-json-only' }, () => ({
      contents:
        'export function sandboxDataFromExample() { throw new Error("pitstop is built without its sandbox-data.json (the sandbox\'s data:, params:): rebuild it (npm run build)"); }',
      loader: 'js',
    }));
  },
};

// Built beside dist/ and swapped in at the end, so a pitstop that is running (a test, a TUI)
// never finds dist/ half written or gone.
const next = `${out}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const result = await build({
  // The CLI, the throwaway-cluster helper the PostgreSQL benches start their servers with, and
  // the check of the shipped runbooks run below (neither is loaded by the CLI itself).
  entryPoints: [join(root, 'src/cli.tsx'), join(root, 'src/postgres/cluster.ts'), join(root, 'src/runbook/shipped-check.ts'), join(root, 'src/config/sandbox-data-source.ts')],
  outbase: join(root, 'src'),
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  logLevel: 'warning',
  // dist/meta.json: the import graph of the bundle, which a test walks to prove the commands
  // that draw nothing load no driver and no action implementation.
  metafile: true,
  plugins: [zodEnglishOnly, confWithoutValidator, sandboxDataFromJsonOnly],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native or optional-native packages stay in node_modules; everything else is bundled (conf
  // too: loaded from node_modules, its validator's hundred CommonJS files cost a run ~90 ms of CPU).
  external: ['@libsql/client', 'pg', 'pg-native', 'react-devtools-core'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pitstopCreateRequire } from 'node:module'; const require = __pitstopCreateRequire(import.meta.url);",
  },
});

const meta = relativeToDist(result.metafile, relative(root, next));
writeFileSync(join(next, 'meta.json'), JSON.stringify(meta));

// The shipped runbooks that pass every check, by the hash of their text, checked by the code
// just built: `list` and `lint` answer for them without the YAML parser, even on a first run.
// Written beside each chunk that reads it (the chunk finds it relative to itself).
const { shippedTable } = await import(pathToFileURL(join(next, 'runbook', 'shipped-check.js')).href);
const table = JSON.stringify(shippedTable(join(root, 'runbooks')));
// The sandbox's data:/params:, parsed from the example and checked against the config schema.
const { sandboxDataFromExample } = await import(pathToFileURL(join(next, 'config', 'sandbox-data-source.js')).href);
const sandboxData = JSON.stringify(sandboxDataFromExample(root));
const besideReaders = { 'src/runbook/shipped.ts': ['shipped-runbooks.json', table], 'src/config/sandbox-data.ts': ['sandbox-data.json', sandboxData] };
for (const [path, output] of Object.entries(meta.outputs)) {
  if (!path.endsWith('.js')) continue;
  for (const [source, [name, text]] of Object.entries(besideReaders)) {
    if (Object.keys(output.inputs).includes(source)) writeFileSync(join(next, dirname(path), name), text);
  }
}

const old = `${out}.old-${process.pid}`;
if (existsSync(out)) renameSync(out, old);
renameSync(next, out);
rmSync(old, { recursive: true, force: true });
