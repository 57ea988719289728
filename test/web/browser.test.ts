import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, missingBrowserProblem, SKIP_VARIABLE } from './browser.js';

describe('browser test gate', () => {
  it('runs the browser tests unless the developer opts out outside CI', () => {
    expect(browserTestsEnabled({})).toBe(true);
    expect(browserTestsEnabled({ [SKIP_VARIABLE]: '0' })).toBe(true);
    expect(browserTestsEnabled({ [SKIP_VARIABLE]: '1', CI: 'true' })).toBe(true);
    expect(browserTestsEnabled({ [SKIP_VARIABLE]: '1' })).toBe(false);
  });

  it('says how to install Chromium, or opt out, when it is missing', () => {
    const problem = missingBrowserProblem('test/web/no-such-chromium');
    expect(problem).toMatch(/^no Chromium at test\/web\/no-such-chromium: /);
    expect(problem).toContain('apt-get install chromium');
    expect(problem).toContain(`${SKIP_VARIABLE}=1`);
    expect(missingBrowserProblem(process.execPath)).toBeNull();
  });
});
