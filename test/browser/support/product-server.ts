// Starts the real product for a browser test: `node packages/server/src/server.ts` as a child process
// with its own data directory and free ports (API and both sandbox systems), exactly as `npm start`
// runs it, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const ADMIN_EMAIL = 'admin@flowsync.local';
export const ADMIN_PASSWORD = 'correct-horse-battery';
const READY_LINE = 'flowsync is running at';
const SANDBOX_ADMIN_TOKEN = 'sandbox-admin';

export interface ProductServer {
  /** Base URL of the app and the API, e.g. http://127.0.0.1:41234 */
  url: string;
  salesforceUrl: string;
  netsuiteUrl: string;
  dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A free TCP port on the loopback interface (the OS picks it; it is released before returning).
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the product server (API, websocket, scheduler, sandbox systems, example flows) on free ports
 * with a fresh data directory, and resolves once it printed that it is running.
 *
 * @example
 * ```ts
 * const server = await startProductServer();
 * console.log(server.url); // sign in as ADMIN_EMAIL / ADMIN_PASSWORD
 * await server.stop();
 * ```
 */
export async function startProductServer(
  options: { env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<ProductServer> {
  // The server serves FLOWSYNC_WEB_DIR when set (e.g. a build of one's own), else packages/web/dist.
  const webDir = resolve(REPO_ROOT, process.env['FLOWSYNC_WEB_DIR'] ?? 'packages/web/dist');
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(
      `The web app is not built (${webDir}/index.html is missing): \`npm test\` builds it, ` +
        'or run `node node_modules/.bin/vite build` in packages/web.',
    );
  }
  // A free port can be taken by another process between our probe and the server's listen (the test
  // files run two at a time, next to other tests): start again on fresh ports when that happens.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnFreePorts(options: {
  env?: Record<string, string>;
  startTimeoutMs?: number;
}): Promise<ProductServer> {
  const [port, salesforcePort, netsuitePort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'flowsync-browser-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'packages/server/src/server.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FLOWSYNC_DATA_DIR: dataDir,
      FLOWSYNC_PORT: String(port),
      FLOWSYNC_SANDBOX_SALESFORCE_PORT: String(salesforcePort),
      FLOWSYNC_SANDBOX_NETSUITE_PORT: String(netsuitePort),
      FLOWSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FLOWSYNC_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  try {
    await waitForReady(child, () => output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    salesforceUrl: `http://127.0.0.1:${salesforcePort}`,
    netsuiteUrl: `http://127.0.0.1:${netsuitePort}`,
    dataDir,
    output: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`the server did not start within ${timeoutMs / 1000} s; it printed:\n${output()}`));
    }, timeoutMs);
    const onData = () => {
      if (output().includes(READY_LINE)) {
        cleanUp();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanUp();
      reject(
        new Error(`the server exited (${code ?? signal}) before it was ready; it printed:\n${output()}`),
      );
    };
    const cleanUp = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

/** SIGTERM (the server finishes its work and exits), then SIGKILL after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Calls the admin API (`/__admin…`) of one of the server's sandbox systems.
 *
 * @example
 * ```ts
 * const contacts = await sandboxAdmin<NetSuiteContact[]>(server, 'netsuite', 'GET', '/records/contact');
 * ```
 */
export async function sandboxAdmin<T = unknown>(
  server: Pick<ProductServer, 'salesforceUrl' | 'netsuiteUrl'>,
  system: 'salesforce' | 'netsuite',
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const base = system === 'salesforce' ? server.salesforceUrl : server.netsuiteUrl;
  const response = await fetch(`${base}/__admin${path}`, {
    method,
    headers: {
      'x-sandbox-admin': SANDBOX_ADMIN_TOKEN,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox ${system} ${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
