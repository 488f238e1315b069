import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ItemSearchRequest } from '../src/modules/items/schemas.js';
import type { GeneratedCatalogue } from './catalogue-setup.js';
import { seededRandom } from './catalogue-data.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HTTP_SEARCHES = 300;
/** Requests in flight at once, as a few staff members working side by side. */
const HTTP_CONCURRENCY = 4;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in MiB from /proc (Linux): VmRSS now and VmHWM, its peak. */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]) / 1024;
  };
  return { rssMb: field('VmRSS'), peakMb: field('VmHWM') };
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not respond to /api/health within 60 s:\n${output()}`);
}

function searchUrl(base: string, request: ItemSearchRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return `${base}/api/items?${params.toString()}`;
}

/**
 * Starts the real server (`src/server/main.ts` through tsx, no web UI build) on the
 * benchmark data, signs in, runs HTTP_SEARCHES item searches over 127.0.0.1 and reads the
 * server's resident memory from /proc. Returns, in MiB, the peak (VmHWM) over the run and
 * the resident memory once the server answered its first health check.
 */
export async function measureServerMemory(
  env: NodeJS.ProcessEnv,
  catalogue: GeneratedCatalogue,
  requestFor: (i: number, random: () => number) => ItemSearchRequest,
): Promise<{ rssMb: number; startMb: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Node runs the server itself (tsx as a loader), so the child's pid is the server's.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TSUNAGU_SECRET_KEY: randomBytes(32).toString('hex'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  try {
    await waitForHealth(base, child, () => output);
    const atStart = residentMemory(child.pid!);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: catalogue.email, password: catalogue.password }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');

    const random = seededRandom(13);
    let next = 0;
    const worker = async () => {
      while (next < HTTP_SEARCHES) {
        const i = next++;
        const response = await fetch(searchUrl(base, requestFor(i, random)), { headers: { cookie } });
        if (!response.ok) throw new Error(`search ${i} failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, worker));

    const memory = residentMemory(child.pid!);
    return { rssMb: Math.round(memory.peakMb), startMb: Math.round(atStart.rssMb) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
