import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const exportDir = fileURLToPath(new URL('../../src/export/', import.meta.url));

/** The web page loads the compiled writers as they are: no Node modules, no bare imports. */
describe('src/export', () => {
  it('imports only its own modules at run time (type imports are erased)', async () => {
    const files = (await readdir(exportDir)).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const name of files) {
      const source = await readFile(`${exportDir}${name}`, 'utf8');
      const runtime = [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gms)];
      for (const [, from] of runtime)
        expect(from, `${name} imports ${from}`).toMatch(/^\.\/[\w-]+\.js$/);
    }
  });
});
