import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Site } from './site.js';

export const SCREENSHOTS = fileURLToPath(new URL('../.artifacts/screenshots/', import.meta.url));

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A page on the site, watched for script errors and for requests leaving the server. */
export interface Visit {
  page: Page;
  /** Uncaught exceptions, console errors and failed page files (not failed API calls). */
  problems: string[];
  /** Every URL requested outside the site's own origin. */
  foreign: string[];
  close(): Promise<void>;
}

/** Opens `path` on the site in a fresh browser context; `close` fails on any problem seen. */
export async function visit(
  browser: Browser,
  site: Site,
  path = '',
  options: BrowserContextOptions = DESKTOP,
): Promise<Visit> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx answer the page handles is logged by Chromium itself; it is not a page bug.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(site.base)) foreign.push(request.url());
  });
  // API calls (fetch) may fail on purpose; the page's own files must not.
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'fetch') {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  await page.goto(new URL(path, site.base).href);
  return {
    page,
    problems,
    foreign,
    close: async () => {
      await context.close();
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}
