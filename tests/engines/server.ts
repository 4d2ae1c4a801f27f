import { createServer, type Server } from 'node:http';
import sirv from 'sirv';

/**
 * The built app served as a static single-page site, as `npm run serve` does. Stopping it cuts
 * the network for real in every engine (connections refused), which is how the suite goes offline.
 */
export class AppServer {
  private server: Server | null = null;
  private handler: ReturnType<typeof sirv>;
  port: number;

  constructor(dir: string, port = 0) {
    this.handler = sirv(dir, { single: true, etag: true });
    this.port = port;
  }

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handler(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
