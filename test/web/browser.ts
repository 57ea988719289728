import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium package; CI installs it with apt-get when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

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
 * Whether the browser tests run. Without Chromium they are skipped locally, with a note
 * saying why; in CI they run regardless, so a missing or broken browser fails them.
 */
export function browserTestsEnabled(): boolean {
  if (existsSync(CHROMIUM) || process.env.CI) return true;
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM} (install it with "apt-get install -y chromium")`,
  );
  return false;
}

/** Headless Chromium; throws when it cannot start, so the tests fail rather than pass vacuously. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
