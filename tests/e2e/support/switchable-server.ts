import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/** The caching headers README's "Deploy" section tells a host to send. */
function deployHeaders(res: ServerResponse, pathname: string) {
  const immutable = pathname.includes('/_app/immutable/');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * A static host for built apps whose root can be switched, to deploy "the next version": only the
 * deployed build is served (the previous one's files are gone, as on a real host), with a real
 * host's caching headers. `prefix` serves the app under a sub-path (a build with BASE_PATH set);
 * anything outside it is a 404, and unknown paths inside it get the app's index.html.
 */
export async function startSwitchableServer(dirs: Record<string, string>, initial: string, { prefix = '' } = {}) {
  const handlers = Object.fromEntries(Object.entries(dirs).map(([name, dir]) => [name, sirv(dir, { single: true, etag: true, setHeaders: deployHeaders })]));
  let current = initial;
  const notFound = (res: ServerResponse) => {
    res.statusCode = 404;
    res.end();
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (prefix) {
      if (url !== prefix && !url.startsWith(prefix + '/') && !url.startsWith(prefix + '?')) return notFound(res);
      req.url = url.slice(prefix.length) || '/';
      if (req.url.startsWith('?')) req.url = '/' + req.url;
    }
    handlers[current](req, res, () => notFound(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The origin (no prefix). */
    url: `http://127.0.0.1:${port}`,
    deploy(name: string) {
      current = name;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
