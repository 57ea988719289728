import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium package; CI installs it with apt-get when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Set to 1 to skip the browser tests on a machine without Chromium; CI ignores it. */
export const SKIP_VARIABLE = 'PAPER_SEARCH_SKIP_BROWSER_TESTS';

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
 * Whether the browser tests run: always, unless the developer opts out with
 * PAPER_SEARCH_SKIP_BROWSER_TESTS=1 outside CI. A missing browser is a failure, not a skip, so
 * a checkout without Chromium cannot pass the suite without having tested the page.
 */
export function browserTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[SKIP_VARIABLE] !== '1' || env.CI) return true;
  console.warn(`browser tests skipped: ${SKIP_VARIABLE}=1`);
  return false;
}

/** Why the browser tests cannot run here, and how to fix it; null when Chromium is in place. */
export function missingBrowserProblem(executable = CHROMIUM): string | null {
  if (existsSync(executable)) return null;
  return (
    `no Chromium at ${executable}: install it with "apt-get install chromium" (Debian; ` +
    `"sudo apt-get install -y chromium"), or set ${SKIP_VARIABLE}=1 to skip the browser tests`
  );
}

/** Headless Chromium; throws when it is missing or cannot start, so the tests fail. */
export function launchChromium(): Promise<Browser> {
  const problem = missingBrowserProblem();
  if (problem) throw new Error(problem);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
