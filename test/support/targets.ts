/**
 * Where a scenario runs: the sandbox in process (SDK adapter, no socket), the sandbox over HTTP, and
 * moto_server where installed. Scenarios take a {@link Target} and build real AWS SDK v3 clients from it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Sandbox, listen, sandboxRequestHandler, type RunningServer } from '../../src/sandbox/index.js';
import type { ConfigPatch } from '../../src/sandbox/index.js';
import { checkCall } from './service-model.js';

export type TargetName = 'sandbox' | 'sandbox-http' | 'moto';

export interface ClientOptions {
  /** Access key id; a 12-digit one acts as that account's administrator in the sandbox. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
}

export interface ClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestHandler?: ReturnType<typeof sandboxRequestHandler>;
  maxAttempts?: number;
}

export interface Target {
  name: TargetName;
  /** The sandbox behind this target (undefined for moto). */
  sandbox?: Sandbox;
  endpoint: string;
  config(options?: ClientOptions): ClientConfig;
  reset(): Promise<void>;
  /** Fails (throws) when any answer so far did not match AWS's service model; then forgets them. */
  close(): Promise<void>;
  /** Answers so far that did not match AWS's service model. */
  modelIssues(): string[];
}

/**
 * A clock for an in-process sandbox (a {@link VirtualClock} fits): the sandbox reads time from `now`
 * (throttle buckets, settle times) and calls `touch` after every answer, so a virtual clock knows the
 * process is still busy.
 */
export interface TargetClock {
  now: () => number;
  touch: () => void;
}

/** A sandbox whose every answer is checked against AWS's service models (where botocore is installed). */
function checkedSandbox(config: ConfigPatch, clock?: TargetClock): { sandbox: Sandbox; issues: string[] } {
  const issues: string[] = [];
  const sandbox = new Sandbox({
    config,
    ...(clock ? { nowMs: clock.now } : {}),
    onCall: (call) => {
      clock?.touch();
      for (const issue of checkCall({
        ...call,
        ...(call.error ? { error: { code: call.error.code } } : {}),
      })) {
        if (!issues.includes(issue)) issues.push(issue);
      }
    },
    onInternalError: (error, operation) => issues.push(`${operation}: sandbox bug: ${String(error)}`),
  });
  return { sandbox, issues };
}

function failOnIssues(issues: string[]): void {
  if (issues.length > 0) {
    const list = issues
      .splice(0)
      .map((i) => `  - ${i}`)
      .join('\n');
    throw new Error(`sandbox answers that do not match AWS's service model:\n${list}`);
  }
}

function makeConfig(
  endpoint: string,
  options: ClientOptions,
  handler?: ClientConfig['requestHandler'],
): ClientConfig {
  return {
    region: options.region ?? 'us-east-1',
    endpoint,
    credentials: {
      accessKeyId: options.accessKeyId ?? 'AKIDEXAMPLE',
      secretAccessKey: options.secretAccessKey ?? 'secret',
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    ...(handler ? { requestHandler: handler } : {}),
  };
}

/** The sandbox in process; with `clock`, on that clock instead of the real one (tests of pacing). */
export function inProcessTarget(config: ConfigPatch = {}, clock?: TargetClock): Target {
  const { sandbox, issues } = checkedSandbox(config, clock);
  const handler = sandboxRequestHandler(sandbox);
  const endpoint = 'http://sandbox.local';
  return {
    name: 'sandbox',
    sandbox,
    endpoint,
    config: (options = {}) => makeConfig(endpoint, options, handler),
    reset: () => {
      sandbox.reset();
      return Promise.resolve();
    },
    close: () => {
      failOnIssues(issues);
      return Promise.resolve();
    },
    modelIssues: () => [...issues],
  };
}

export async function httpTarget(config: ConfigPatch = {}): Promise<Target> {
  const { sandbox, issues } = checkedSandbox(config);
  const server: RunningServer = await listen(sandbox, 0);
  return {
    name: 'sandbox-http',
    sandbox,
    endpoint: server.url,
    config: (options = {}) => makeConfig(server.url, options),
    reset: async () => {
      await fetch(`${server.url}/_sandbox/reset`, { method: 'POST' });
    },
    close: async () => {
      await server.close();
      failOnIssues(issues);
    },
    modelIssues: () => [...issues],
  };
}

export function motoInstalled(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function motoTarget(): Promise<Target> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('moto_server did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: 'moto',
    endpoint,
    // moto keys accounts by MOTO_ACCOUNT_ID / known keys, not by a 12-digit access key id; default 123456789012.
    config: (options = {}) => makeConfig(endpoint, options),
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    close: () => {
      child.kill();
      return Promise.resolve();
    },
    modelIssues: () => [],
  };
}

/** Names of the targets a conformance suite runs on; moto is included only where it is installed. */
export const conformanceTargets: TargetName[] = motoInstalled()
  ? ['sandbox', 'sandbox-http', 'moto']
  : ['sandbox', 'sandbox-http'];

if (!motoInstalled()) {
  console.warn('moto_server is not installed: conformance scenarios run against the sandbox only.');
}

export async function startTarget(name: TargetName, config: ConfigPatch = {}): Promise<Target> {
  switch (name) {
    case 'sandbox':
      return inProcessTarget(config);
    case 'sandbox-http':
      return httpTarget(config);
    case 'moto':
      return motoTarget();
  }
}
