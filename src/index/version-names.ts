/** Versions are named `v` and six digits, in the order they were built. */
export function versionName(n: number): string {
  return `v${String(n).padStart(6, '0')}`;
}

export const VERSION_NAME = /^v(\d{6})$/;
