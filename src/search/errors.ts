import type { UnmatchedReference } from './library.js';

/** One or more paper ids the loaded index does not hold. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';

  constructor(readonly ids: string[]) {
    super(
      ids.length === 1
        ? `no paper with id "${ids[0]}"`
        : `no papers with ids ${ids.map((id) => `"${id}"`).join(', ')}`,
    );
  }
}

/** No index is loaded yet (startup) or any more (shutdown). */
export class NotReadyError extends Error {
  override name = 'NotReadyError';

  constructor(message = 'the index is not loaded yet') {
    super(message);
  }
}

/** A library with nothing to recommend from: empty, or matched nowhere. */
export class EmptyLibraryError extends Error {
  override name = 'EmptyLibraryError';

  constructor(readonly unmatched: UnmatchedReference[]) {
    super(
      unmatched.length === 0
        ? 'the library is empty: send at least one reference or positive paper id'
        : `none of the library's ${unmatched.length} references was found or could be embedded`,
    );
  }
}
