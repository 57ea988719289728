import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** The workshop's CLI (benchmarks, model make, kill test), built apart into dist-tools/. */
export const TOOLS_CLI = fileURLToPath(
  new URL('../../dist-tools/tools/cli/main.js', import.meta.url),
);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const environment = (env: NodeJS.ProcessEnv) => ({ ...process.env, LOG_LEVEL: 'warn', ...env });

/** Runs the built CLI (npm test builds first) and returns its exit status and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cli = CLI): CliResult {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: environment(env),
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same with the workshop's CLI. */
export function runTools(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  return runCli(args, env, TOOLS_CLI);
}

/** The same without blocking, for a CLI that talks to a server in this process. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { encoding: 'utf8', env: environment(env), timeout: 120_000 },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}
