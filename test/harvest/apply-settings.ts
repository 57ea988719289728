import type { ApplySettings } from '../../src/harvest/harvest-job.js';
import type { Backend } from '../../src/index/backend.js';
import { ingestOptions } from '../helpers/ingest.js';

/** The test ingest settings (lexical, silent), less the inputs a harvest supplies itself. */
export function applySettings(backend: Backend): ApplySettings {
  const options: Partial<ReturnType<typeof ingestOptions>> = ingestOptions({ backend });
  delete options.inputs;
  return options as ApplySettings;
}
