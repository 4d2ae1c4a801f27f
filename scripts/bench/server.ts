/** Build-if-stale and the static server (sirv, as playwright.config.ts serves the app). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Newest modification time of any file under `dir` (0 when it does not exist). */
export function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why the build is stale (null when build/ is newer than src/ and cards/). */
export function buildStaleReason(root: string): string | null {
  const index = join(root, 'build', 'index.html');
  if (!existsSync(index)) return 'build/ is missing';
  const built = statSync(index).mtimeMs;
  for (const dir of ['src', 'cards']) if (newestMtime(join(root, dir)) > built) return `${dir}/ changed after the last build`;
  return null;
}

export function ensureBuild(root: string, log: (line: string) => void): { built: boolean; reason: string | null } {
  const reason = buildStaleReason(root);
  if (!reason) return { built: false, reason: null };
  log(`building the app (${reason}): npm run build`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  if (result.status !== 0)
    throw new Error(`npm run build failed (exit ${result.status ?? result.signal}); fix the build or rerun with --no-build to measure the existing build/`);
  return { built: true, reason };
}

/** What the floor's build (`npm run build:floor`, scripts/bench/floor) is made from besides its own folder. */
const FLOOR_INPUTS = [
  'svelte.config.js',
  'vite.config.ts',
  'csp.config.js',
  'src/app.html',
  'scripts/after-build.ts',
  'scripts/preload-routes.ts',
  'package-lock.json'
];

/**
 * The floor: an empty SvelteKit page built with the app's own configuration (scripts/bench/floor).
 * Built into build-floor/ when it is missing or older than what it is made from.
 */
export function ensureFloorBuild(root: string, log: (line: string) => void): string {
  const dir = join(root, 'build-floor');
  const index = join(dir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const floor = join(root, 'scripts', 'bench', 'floor');
  const newest = Math.max(
    ...readdirSync(floor, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .map((e) => (e.isDirectory() ? newestMtime(join(floor, e.name)) : statSync(join(floor, e.name)).mtimeMs)),
    ...FLOOR_INPUTS.map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0))
  );
  if (built > newest) return dir;
  log(`building the floor (${built ? 'older than its sources' : 'build-floor/ is missing'}): npm run build:floor`);
  const result = spawnSync('npm', ['run', 'build:floor'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm run build:floor failed (exit ${result.status ?? result.signal})`);
  return dir;
}

/**
 * Copies the built site (build/) to `dest` and checks that every asset index.html references is there, so the run
 * is not disturbed by someone rebuilding build/ meanwhile (the tree is shared).
 */
export function snapshotBuild(buildDir: string, dest: string): void {
  for (let attempt = 1; ; attempt++) {
    rmSync(dest, { recursive: true, force: true });
    cpSync(buildDir, dest, { recursive: true });
    const index = join(dest, 'index.html');
    const html = existsSync(index) ? readFileSync(index, 'utf8') : '';
    const missing = [...html.matchAll(/(?:href|src|import\()\s*=?\s*["']\.?\/?(_app\/[^"']+)["']/g)].map((m) => m[1]).filter((p) => !existsSync(join(dest, p)));
    if (html && !missing.length) return;
    if (attempt >= 5) throw new Error(`build/ is incomplete (${html ? `missing ${missing.join(', ')}` : 'no index.html'}); is a build running?`);
    spawnSync('sleep', ['3']);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * Starts `sirv <dir> --single --gzip --brotli` (the snapshot of build/; precompressed files as `npm start` serves them) on 127.0.0.1 as a direct child (node running sirv-cli's bin, not
 * npx, so the pid is the server itself) and waits until it answers.
 */
export async function startServer(root: string, dir: string, port: number, timeoutMs = 30_000): Promise<Server> {
  const bin = join(root, 'node_modules', 'sirv-cli', 'bin.js');
  const child = spawn(process.execPath, [bin, dir, '--single', '--gzip', '--brotli', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sirv exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return { url, process: child, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`sirv did not answer on ${url} within ${timeoutMs} ms: ${stderr}`);
}
