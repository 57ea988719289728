import { loadConfig } from '../config.js';

/**
 * Container health probe: exits 0 when the local server answers /health with 2xx. Written in
 * Node because the slim runtime image has no curl or wget.
 */
async function main(): Promise<void> {
  const { PORT } = loadConfig();
  const response = await fetch(`http://127.0.0.1:${PORT}/health`, {
    signal: AbortSignal.timeout(4000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`/health answered HTTP ${response.status}`);
}

main().catch((error: unknown) => {
  // fetch reports "fetch failed" and keeps the reason (e.g. ECONNREFUSED) in its cause.
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exitCode = 1;
});
