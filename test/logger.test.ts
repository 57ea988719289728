import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('../dist/logger.js', import.meta.url));

describe('createLogger', () => {
  it('redacts the Authorization header wherever a request is logged', () => {
    // The real logger writes to stderr (fd 2): run it in a child and read what it wrote.
    const script = `
      import { createLogger } from ${JSON.stringify(LOGGER)};
      const log = createLogger('trace', 'redaction-test');
      const headers = { authorization: 'Bearer top-secret-key', accept: 'application/json' };
      log.info({ req: { method: 'POST', url: '/admin/reload', headers } }, 'request');
      log.info({ headers }, 'headers');
      log.flush();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    expect(result.status).toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0].req.headers).toEqual({
      authorization: '[Redacted]',
      accept: 'application/json',
    });
    expect(lines[1].headers.authorization).toBe('[Redacted]');
    expect(result.stderr).not.toContain('top-secret-key');
  });
});
