import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root.js';

/** Libraries whose versions decide the numbers; reported with every result. */
const LIBRARIES = [
  'hnswlib-node',
  'usearch',
  'onnxruntime-node',
  '@huggingface/transformers',
  'better-sqlite3',
  'autocannon',
];

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** glibc tunables in effect (huge pages for malloc change ONNX Runtime's timings). */
  glibcTunables: string;
  libraries: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: `${osType()} ${release()}`,
    node: process.version,
    glibcTunables: process.env.GLIBC_TUNABLES ?? 'none',
    libraries: Object.fromEntries(LIBRARIES.map((name) => [name, libraryVersion(name)])),
  };
}

/** Read from the installed package, so the report names what actually ran. */
function libraryVersion(name: string): string {
  try {
    const file = join(PROJECT_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** 1-minute load average: on a small machine, other work skews every timing. */
export function loadAverage(): number {
  return Number(loadavg()[0].toFixed(2));
}

/** This process's CPU time since `before` over `wallMs` of wall time: the cores it kept busy. */
export function coresUsed(before: NodeJS.CpuUsage, wallMs: number): number {
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / wallMs;
}

export function describeMachine(m: MachineInfo): string {
  return (
    `${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, ` +
    `GLIBC_TUNABLES ${m.glibcTunables}`
  );
}
