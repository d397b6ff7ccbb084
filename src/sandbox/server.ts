/** The sandbox over HTTP on 127.0.0.1 only, for the AWS CLI and any SDK (`--endpoint-url`). */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from './core.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function listen(sandbox: Sandbox, port: number): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        // A proxy-style absolute target (`http://<account>.127.0.0.1:4566/…`, as the AWS CLI sends S3
        // Control through an HTTP proxy) is read for its path and query only; the Host header stays.
        const target = (request.url ?? '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
        const url = new URL(target, 'http://127.0.0.1');
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
        }
        const query: Record<string, string | string[]> = {};
        for (const key of new Set(url.searchParams.keys())) {
          const values = url.searchParams.getAll(key);
          query[key] = values.length === 1 ? values[0]! : values;
        }
        const answer = await sandbox.handle({
          method: request.method ?? 'GET',
          path: url.pathname,
          query,
          headers,
          body: await readAll(request),
        });
        // HEAD answers carry the length of what GET would send (S3's HeadObject); the body stays empty.
        const length =
          request.method === 'HEAD' && answer.headers['content-length'] !== undefined
            ? answer.headers['content-length']
            : Buffer.byteLength(answer.body);
        response.writeHead(answer.status, {
          ...answer.headers,
          date: sandbox.now().toUTCString(),
          'content-length': length,
        });
        response.end(answer.body);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
