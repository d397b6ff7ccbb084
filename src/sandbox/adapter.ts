/**
 * The in-process adapter: an AWS SDK v3 request handler that hands each request straight to a
 * {@link SandboxCore}, with no socket. Pass it as `requestHandler` to any SDK client:
 *
 * ```ts
 * const client = new OrganizationsClient({ region: 'us-east-1', requestHandler: sandboxRequestHandler(sandbox),
 *   endpoint: 'http://sandbox.local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * ```
 *
 * Everything above the transport (serialisation, signing, retries, paginators) is the SDK's own.
 */
import { Readable } from 'node:stream';
import type { SandboxCore } from './core.js';
import type { SandboxRequest } from './protocols/types.js';

/** The part of the SDK's HttpRequest the adapter reads (kept structural: the sandbox imports no SDK). */
export interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  /** A stream, as Node's HTTP handler answers: the SDK reads streaming outputs (S3 GetObject) only from one. */
  body: Readable;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError('the sandbox adapter cannot read this request body');
}

export function toSandboxRequest(request: SdkHttpRequest, body: Buffer): SandboxRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== null) query[name] = value;
  return { method: request.method, path: request.path || '/', query, headers, body };
}

export function sandboxRequestHandler(sandbox: SandboxCore) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest): Promise<{ response: SdkHttpResponse }> {
      const answer = await sandbox.handle(toSandboxRequest(request, await bodyBytes(request.body)));
      return {
        response: {
          statusCode: answer.status,
          headers: { ...answer.headers, date: sandbox.now().toUTCString() },
          body: Readable.from([
            typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body,
          ]),
        },
      };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
    destroy(): void {},
  };
}
