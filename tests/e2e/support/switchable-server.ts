import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/** A static server for a built app whose root can be switched, to deploy "the next version". */
export async function startSwitchableServer(dirs: Record<string, string>, initial: string) {
  const handlers = Object.fromEntries(Object.entries(dirs).map(([name, dir]) => [name, sirv(dir, { single: true, dev: true })]));
  let current = initial;
  const server: Server = createServer((req, res) => handlers[current](req, res, () => {
    res.statusCode = 404;
    res.end();
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deploy(name: string) {
      current = name;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
