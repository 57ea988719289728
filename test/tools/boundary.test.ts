import { execFileSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { runCli, runTools } from '../helpers/cli.js';

const PRODUCT_COMMANDS = [
  'ingest',
  'harvest',
  'serve',
  'fold',
  'rollback',
  'verify',
  'eval',
  'recommend',
  'openapi',
  'model',
  'sample',
];
const WORKSHOP_COMMANDS = ['bench', 'model', 'kill-test', 'synthetic-arxiv'];

/** The subcommand names a commander `--help` lists under "Commands:". */
function commands(help: string): string[] {
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

describe('the product apart from its workshop', () => {
  it('paper-search --help lists only product commands', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(commands(result.stdout)).toEqual(PRODUCT_COMMANDS);
  });

  it("the workshop's CLI holds the benchmarks, model make, the kill test and the corpus generator", () => {
    const result = runTools(['--help']);
    expect(result.status).toBe(0);
    expect(commands(result.stdout)).toEqual(WORKSHOP_COMMANDS);
  });

  it('the build compiles only product code: every project file it reads is under src/', () => {
    // The compiler's own list of inputs, not dist/: a checkout may keep files of older builds.
    const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const listed = execFileSync(
      process.execPath,
      [tsc, '-p', join(PROJECT_ROOT, 'tsconfig.build.json'), '--listFilesOnly'],
      { encoding: 'utf8' },
    );
    const ours = listed
      .split('\n')
      .filter(Boolean)
      .map((file) => relative(PROJECT_ROOT, file))
      .filter((file) => !file.split(sep).includes('node_modules'));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours.filter((file) => !file.startsWith(`src${sep}`))).toEqual([]);
  });

  it('lint refuses a product module that imports the workshop, statically or dynamically', async () => {
    const eslint = new ESLint({ cwd: PROJECT_ROOT });
    const file = join(PROJECT_ROOT, 'src', 'search', 'probe.ts');
    const code = [
      "import { PRESETS } from '../../tools/modelgen/presets.js';",
      'export const presets = PRESETS;',
      "export const bench = () => import('../../tools/bench/runner.js');",
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: file });
    const rules = result.messages.map((m) => m.ruleId);
    expect(rules, relative(PROJECT_ROOT, file)).toEqual([
      'no-restricted-imports',
      'no-restricted-syntax',
    ]);
  });
});
