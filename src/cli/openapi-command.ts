import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { apiLimits } from '../server/api-limits.js';
import { openApiDocument } from '../server/openapi.js';

/** `paper-search openapi`: the OpenAPI document `serve` would answer at /openapi.json. */
export function registerOpenapi(program: Command, config: Config): void {
  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document of the HTTP API (as served at /openapi.json)')
    .option('-o, --out <file>', 'write it to this file instead')
    .action(async (flags: { out?: string }) => {
      const limits = apiLimits({ maxQueryChars: config.PAPER_SEARCH_MAX_QUERY_CHARS });
      const text = `${JSON.stringify(openApiDocument(limits), null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, text);
      else process.stdout.write(text);
    });
}
