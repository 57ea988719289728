import { describe, expect, it } from 'vitest';
import {
  browserGate,
  CHROMIUM_VARIABLE,
  launchChromium,
  missingBrowserProblem,
  SKIP_VARIABLE,
} from './browser.js';

const ABSENT = { [CHROMIUM_VARIABLE]: 'test/web/no-such-chromium' };
const PRESENT = { [CHROMIUM_VARIABLE]: process.execPath };

describe('browser test gate', () => {
  it('runs the browser tests where Chromium is, unless the developer opts out', () => {
    expect(browserGate(PRESENT)).toEqual({ run: true });
    expect(browserGate({ ...PRESENT, [SKIP_VARIABLE]: '0' })).toEqual({ run: true });
    expect(browserGate({ ...PRESENT, [SKIP_VARIABLE]: '1' })).toEqual({
      run: false,
      skipped: `browser tests SKIPPED: ${SKIP_VARIABLE}=1`,
    });
  });

  it('skips them outside CI without Chromium, in one line that says how to install it', () => {
    const gate = browserGate(ABSENT);
    expect(gate.run).toBe(false);
    expect(gate.skipped).toMatch(
      /^browser tests SKIPPED: no Chromium at test\/web\/no-such-chromium; /,
    );
    expect(gate.skipped).toContain('sudo apt-get install -y chromium');
    expect(gate.skipped).toContain(CHROMIUM_VARIABLE);
    expect(gate.skipped).not.toContain('\n');
  });

  it('runs them under CI whatever the machine has, so a missing browser fails there', async () => {
    expect(browserGate({ ...ABSENT, CI: 'true' })).toEqual({ run: true });
    expect(browserGate({ ...PRESENT, [SKIP_VARIABLE]: '1', CI: 'true' })).toEqual({ run: true });
    await expect(launchChromium({ ...ABSENT, CI: 'true' })).rejects.toThrow(
      /^no Chromium at test\/web\/no-such-chromium; install it with/,
    );
  });

  it('finds no problem where the binary exists', () => {
    expect(missingBrowserProblem(process.execPath)).toBeNull();
  });
});
