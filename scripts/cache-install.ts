/**
 * Packages too large or too native for package.json (Lighthouse, fsrs-rs's Node binding), each
 * installed on demand into a folder of its own in the user's cache. `npm install --no-save` into
 * the project would prune the project's other packages (it removed tsx once).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

function cacheFolder(name: string, version: string): string {
  return join(homedir(), '.cache', 'interview-flashcards-bench', `${name.replace(/^@/, '').replace('/', '+')}-${version}`);
}

/** A `require` that resolves from the package's cache folder, after installing `name@version` there when it is missing. */
export function requireFromCache(name: string, version: string, log: (line: string) => void = console.log): NodeJS.Require {
  const dir = cacheFolder(name, version);
  const require = createRequire(join(dir, 'package.json'));
  const installed = () => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version === version;
    } catch {
      return false;
    }
  };
  if (!installed()) {
    log(`installing ${name}@${version} into ${dir} (not the project's node_modules or package.json)`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    execSync(`npm install --no-audit --no-fund ${name}@${version}`, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return require;
}
