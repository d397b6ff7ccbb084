/**
 * The sandbox over HTTP on 127.0.0.1 only, for the AWS CLI and any SDK (`--endpoint-url`).
 *
 * This is the edge where requests from outside the process arrive, so it guards what in-process callers
 * (the SDK adapter) need no guard for:
 * - the control API (`/_sandbox/…`) answers only requests addressed to a loopback name (`Host:
 *   127.0.0.1`, `localhost`, `[::1]`, any port) and not sent by a web page of another origin, so neither
 *   a cross-origin form post nor DNS rebinding reaches it from a browser. AWS API requests are answered
 *   whatever their Host (virtual-hosted S3, S3 Control's `<account>.127.0.0.1`);
 * - request bodies are read up to {@link MAX_BODY_BYTES}; a larger one is refused as AWS refuses it, and
 *   never buffered past the limit.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestProtocol, type SandboxCore } from './core.js';
import { AwsError } from './errors.js';
import { credentialOf } from './principal.js';
import { awsJsonError } from './protocols/aws-json.js';
import { awsQueryError, ec2Error } from './protocols/aws-query.js';
import { restJsonError, restXmlError } from './protocols/rest.js';
import type { SandboxRequest, SandboxResponse } from './protocols/types.js';

/**
 * The largest request body the server reads: 20 MiB. Every AWS API request the sandbox serves is far
 * smaller except S3 object uploads (PutObject, UploadPart), which may carry up to this much here (AWS
 * allows 5 GiB per request).
 */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface ListenOptions {
  /** Request body limit in bytes (default {@link MAX_BODY_BYTES}). */
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

function isControlPath(path: string): boolean {
  // The same test as SandboxCore.handle's, on the same (normalised) path it is given.
  return path.startsWith('/_sandbox/');
}

/**
 * Why a control API request arriving over HTTP is refused, or undefined when it may proceed. A browser
 * always sends the Host it resolved (a rebound DNS name stays in Host) and sends `Origin` on every
 * cross-origin POST and every CORS request; a loopback Host with no foreign Origin is a local client
 * (curl, the AWS CLI, a test) or a page served from the loopback itself.
 */
export function controlRefusal(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (host === undefined || !LOOPBACK_HOST.test(host)) {
    return (
      `the control API answers only requests addressed to 127.0.0.1, localhost or [::1] ` +
      `(Host: ${host ?? 'none'}); a foreign Host is a DNS-rebinding web page or a proxy`
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !LOOPBACK_ORIGIN.test(origin)) {
    return `the control API refuses requests from web pages of another origin (Origin: ${origin})`;
  }
  return undefined;
}

function jsonAnswer(status: number, body: unknown, extra: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  };
}

/**
 * The answer to a body over the limit, as AWS gives it: S3 (and any unsigned REST request, answered as
 * S3 would) `400 EntityTooLarge` in S3's XML; any other service HTTP 413 in its own protocol.
 */
export function tooLargeAnswer(
  sandbox: SandboxCore,
  request: SandboxRequest,
  limit: number,
  proposedSize: number | undefined,
): SandboxResponse {
  if (isControlPath(request.path)) {
    return jsonAnswer(413, {
      message: `request body larger than the control API's limit of ${limit} bytes`,
    });
  }
  const requestId = randomUUID();
  const protocol = requestProtocol(request, sandbox.services);
  const signing = credentialOf(request)?.service;
  let answer: SandboxResponse;
  if (protocol === 'restXml' && (signing === undefined || signing === 's3')) {
    answer = restXmlError(
      new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        extras: {
          ...(proposedSize !== undefined ? { ProposedSize: proposedSize } : {}),
          MaxSizeAllowed: limit,
        },
      }),
      requestId,
    );
  } else {
    const error = new AwsError(
      'RequestEntityTooLarge',
      `The request body exceeds the sandbox's limit of ${limit} bytes.`,
      { status: 413 },
    );
    switch (protocol) {
      case 'awsJson1_0':
        answer = awsJsonError(error, '1.0', requestId);
        break;
      case 'awsJson1_1':
        answer = awsJsonError(error, '1.1', requestId);
        break;
      case 'awsQuery': {
        const service = sandbox.services.find((s) => s.protocol === 'awsQuery' && s.signingName === signing);
        answer = awsQueryError(error, service?.xmlNamespace ?? '', requestId);
        break;
      }
      case 'ec2Query':
        answer = ec2Error(error, requestId);
        break;
      case 'restJson1':
        answer = restJsonError(error, requestId);
        break;
      case 'restXml':
        answer = restXmlError(error, requestId);
        break;
    }
  }
  return answer;
}

type BodyRead = { body: Buffer } | { tooLarge: true };

/**
 * The request body, or `tooLarge` as soon as it passes `limit` bytes: reading then stops (the request
 * is paused, nothing more is buffered) and the caller answers and closes the connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.pause();
        chunks.length = 0;
        resolve({ tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the connection before sending the whole request body'));
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('close', onClose);
  });
}

/** How long a refused upload's connection is kept reading (and discarding) before it is cut. */
const LINGER_MS = 2_000;

/**
 * After refusing a body part-way (EntityTooLarge): the client may still be sending. Closing the socket at
 * once, with its data unread, resets the connection, and a client still writing can lose the answer with
 * it (EPIPE or ECONNRESET before the response is read). So, as web servers do, the answer is sent, the
 * sending side closed, and what still arrives read and dropped (nothing is kept) until the client closes
 * or LINGER_MS pass.
 */
function lingeringClose(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  request.on('data', () => undefined);
  request.resume();
  response.once('finish', () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

function send(response: ServerResponse, answer: SandboxResponse, date: Date, method: string): void {
  // HEAD answers carry the length of what GET would send (S3's HeadObject); the body stays empty.
  const length =
    method === 'HEAD' && answer.headers['content-length'] !== undefined
      ? answer.headers['content-length']
      : Buffer.byteLength(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    date: date.toUTCString(),
    'content-length': length,
  });
  response.end(answer.body);
}

export function listen(
  sandbox: SandboxCore,
  port: number,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const serve = async (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean) => {
    // A proxy-style absolute target (`http://<account>.127.0.0.1:4566/…`, as the AWS CLI sends S3
    // Control through an HTTP proxy) is read for its path and query only; the Host header stays.
    const target = (request.url ?? '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
    const url = new URL(target, 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    // Plain objects, filled key by key: a `__proto__` name (never a real header or AWS parameter) is
    // skipped rather than assigned, which would replace the object's prototype.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && name !== '__proto__')
        headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      if (key === '__proto__') continue;
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
    const envelope: SandboxRequest = { method, path: url.pathname, query, headers, body: Buffer.alloc(0) };

    if (isControlPath(url.pathname)) {
      const refusal = controlRefusal(request.headers);
      if (refusal !== undefined) {
        // Refused before the body is read (Node discards what the client still sends).
        send(response, jsonAnswer(403, { message: refusal }), sandbox.now(), method);
        return;
      }
    }

    const declared = request.headers['content-length'];
    const declaredSize = declared === undefined ? undefined : Number(declared);
    if (declaredSize !== undefined && declaredSize > limit) {
      // Nothing of the body was sent (or read): the connection closes with the answer.
      const answer = tooLargeAnswer(sandbox, envelope, limit, declaredSize);
      send(
        response,
        { ...answer, headers: { ...answer.headers, connection: 'close' } },
        sandbox.now(),
        method,
      );
      return;
    }
    if (expectsContinue) response.writeContinue();
    const read = await readBody(request, limit);
    if ('tooLarge' in read) {
      send(response, tooLargeAnswer(sandbox, envelope, limit, declaredSize), sandbox.now(), method);
      lingeringClose(request, response);
      return;
    }
    const answer = await sandbox.handle({ ...envelope, body: read.body });
    send(response, answer, sandbox.now(), method);
  };

  const handler = (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean) => {
    serve(request, response, expectsContinue).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
    });
  };

  const server: Server = createServer((request, response) => handler(request, response, false));
  // `Expect: 100-continue` (the AWS CLI's S3 uploads): a refused request is answered before the client
  // sends its body; any other gets its 100 Continue once the checks pass.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) =>
    handler(request, response, true),
  );
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
