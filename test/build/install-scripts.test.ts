import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

// npm warns at install about every dependency install script that package.json's
// `allowScripts` does not cover. esbuild's only checks the binary its optional platform
// package already brings, so it is denied: `npm install` prints no warning and the build works.
describe('install scripts', () => {
  it('every dependency with an install script is covered by allowScripts', () => {
    const pkg = read('package.json');
    const lock = read('package-lock.json');
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts).toContain('esbuild');
    for (const name of withScripts) expect(Object.keys(pkg.allowScripts ?? {}), `${name} runs an install script`).toContain(name);
    expect(pkg.allowScripts.esbuild).toBe(false);
  });
});
