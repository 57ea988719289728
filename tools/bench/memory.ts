import { readFileSync, writeFileSync } from 'node:fs';

/** Resident-memory readings for a benchmark process, in MiB. */

const MIB = 2 ** 20;
const STATUS = '/proc/self/status';

export function rssMiB(): number {
  return process.memoryUsage.rss() / MIB;
}

/**
 * Starts a new peak window where Linux allows it (writing 5 to clear_refs resets VmHWM to the
 * current resident set), so imports and loading before it do not count as the build's peak.
 */
export function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Elsewhere the peak covers the whole process lifetime.
  }
}

/** Highest resident set size since the last reset (or since the process started). */
export function peakRssMiB(): number {
  try {
    const kib = /VmHWM:\s+(\d+)/.exec(readFileSync(STATUS, 'utf8'))?.[1];
    if (kib) return Number(kib) / 1024;
  } catch {
    // not Linux
  }
  return (process.resourceUsage().maxRSS * 1024) / MIB;
}

/** Collects garbage when the process runs with --expose-gc, so readings exclude dead objects. */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  // Native finalizers (index objects) may run on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/**
 * Resident memory by kind (Linux): anonymous (heaps, native allocations) and file-backed (mapped
 * files, shared libraries); null elsewhere.
 */
export function rssByKindMiB(): { anon: number; file: number } | null {
  try {
    const status = readFileSync(STATUS, 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
    const [anon, file] = [kib('RssAnon'), kib('RssFile')];
    return Number.isFinite(anon) && Number.isFinite(file)
      ? { anon: anon / 1024, file: file / 1024 }
      : null;
  } catch {
    return null;
  }
}
