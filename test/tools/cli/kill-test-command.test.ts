import { describe, expect, it } from 'vitest';
import { runTools } from '../../helpers/cli.js';

// The kill test itself runs in test/tools/kill-test (a short one) and as npm run test:kill (the full one).
describe('tools kill-test', () => {
  it('documents its options', () => {
    const result = runTools(['kill-test', '--help']);
    expect(result.status).toBe(0);
    for (const flag of ['--kills <n>', '--seed <n>', '--copies <n>', '--batch <n>', '--report']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    ['--kills', '0'],
    ['--seed', '-3'],
    ['--copies', 'many'],
    ['--batch', '1.5'],
  ])('refuses %s %s before running anything', (flag, value) => {
    const result = runTools(['kill-test', flag, value]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: option '${flag} <n>' argument '${value}' is invalid`),
    );
    expect(result.stdout).toBe('');
  });
});
