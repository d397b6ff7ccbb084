/**
 * Runs the real AWS CLI (v1, botocore) against a sandbox served over HTTP in this process. The CLI is run
 * with async `execFile` (never `spawnSync`): the server answers on this process's event loop.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CliResult {
  /** Exit status: 0 on success. */
  status: number;
  stdout: string;
  stderr: string;
  /** The command line, for failure messages. */
  command: string;
}

/** Whether `aws --version` runs here (the CLI prints its version on stdout or stderr, depending on the version). */
export function awsCliAvailable(): boolean {
  try {
    return spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0;
  } catch {
    return false;
  }
}

export const CLI_ENV: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
};

/** Runs `aws --endpoint-url <endpoint> --output json <args>`; never rejects. */
export function runAws(
  endpoint: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const full = ['--endpoint-url', endpoint, '--output', 'json', ...args];
  const command = `aws ${full.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...CLI_ENV };
  // A profile, a role or a proxy from the surrounding environment must not change what the CLI sends.
  for (const name of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_DEFAULT_PROFILE',
    'AWS_ROLE_ARN',
    'AWS_REGION',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'http_proxy',
    'https_proxy',
    'NO_PROXY',
    'no_proxy',
  ])
    delete env[name];
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    execFile(
      'aws',
      full,
      { env, cwd: options.cwd, timeout: 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr, command });
      },
    );
  });
}

/** A minimal zip archive holding one stored (uncompressed) file, for `--zip-file fileb://`. */
export function tinyZip(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const localSize = local.length + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ForwardingProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy that sends every request to `127.0.0.1:<port>`, whatever host the client named, with
 * the request target in origin form and the Host header as the client signed it. For clients whose
 * endpoint rules put a label before a custom endpoint's host (S3 Control: `<account>.127.0.0.1`), a name
 * that does not resolve.
 */
export function forwardingProxy(port: number): Promise<ForwardingProxy> {
  const proxy = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').replace(/^[a-z]+:\/\/[^/]*/i, '') || '/';
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: incoming.method, path, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(String(error));
    });
    incoming.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => {
      const { port: own } = proxy.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${own}`,
        close: () =>
          new Promise<void>((done, fail) => {
            proxy.closeAllConnections();
            proxy.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
