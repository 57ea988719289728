/** A corpus file that cannot be read at all (missing, empty, wrong format); callers exit non-zero. */
export class CorpusError extends Error {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'CorpusError';
    this.file = file;
  }
}

/** The message of anything thrown, for skip reasons and wrapped errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
