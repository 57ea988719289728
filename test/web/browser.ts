import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium package, where CI installs it with apt-get; PAPER_SEARCH_CHROMIUM overrides. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_VARIABLE = 'PAPER_SEARCH_CHROMIUM';

/** Set to 1 to skip the browser tests even where Chromium is installed; CI ignores it. */
export const SKIP_VARIABLE = 'PAPER_SEARCH_SKIP_BROWSER_TESTS';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[CHROMIUM_VARIABLE] || DEFAULT_CHROMIUM;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the browser tests run, and if not, the one line that says why. Under CI they always
 * run, so a missing browser fails the suite there. Elsewhere a machine without Chromium skips
 * them (the rest of `npm test` passes on a new machine), and so does
 * PAPER_SEARCH_SKIP_BROWSER_TESTS=1.
 */
export function browserGate(env: NodeJS.ProcessEnv = process.env): {
  run: boolean;
  skipped?: string;
} {
  if (env.CI) return { run: true };
  if (env[SKIP_VARIABLE] === '1') {
    return { run: false, skipped: `browser tests SKIPPED: ${SKIP_VARIABLE}=1` };
  }
  const problem = missingBrowserProblem(chromiumPath(env));
  return problem ? { run: false, skipped: `browser tests SKIPPED: ${problem}` } : { run: true };
}

/** Why the browser tests cannot run here, and how to fix it; null when Chromium is in place. */
export function missingBrowserProblem(executable: string): string | null {
  if (existsSync(executable)) return null;
  return (
    `no Chromium at ${executable}; install it with "sudo apt-get install -y chromium" ` +
    `(Debian, Ubuntu) or set ${CHROMIUM_VARIABLE} to a Chromium or Chrome binary`
  );
}

/** Headless Chromium; throws when it is missing or cannot start, so the tests fail. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  const problem = missingBrowserProblem(executablePath);
  if (problem) throw new Error(problem);
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}
