import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser.js';
import { startSite, type Site } from './site.js';

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

/** Waits until the status line (the aria-live result count) matches; returns its text. */
export async function statusMatches(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    ([source, flags]) =>
      new RegExp(source, flags).test(document.getElementById('status')!.textContent!),
    [pattern.source, pattern.flags] as const,
  );
  return (await page.locator('#status').textContent()) ?? '';
}

/** Chromium and the site, started before a suite's tests and stopped after them. */
export interface BrowserSite {
  browser: Browser;
  site: Site;
  visit(path?: string, options?: BrowserContextOptions): Promise<Visit>;
}

export function useBrowserSite(): BrowserSite {
  const context = {
    visit: (path = '', options: BrowserContextOptions = DESKTOP) =>
      visit(context.browser, context.site, path, options),
  } as BrowserSite;
  beforeAll(async () => {
    // The browser first: when it cannot start, nothing else is left running.
    context.browser = await launchChromium();
    context.site = await startSite();
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.site?.close();
  });
  return context;
}
