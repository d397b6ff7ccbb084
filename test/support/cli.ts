/** Runs the built `orgward` binary (dist/), as a user would after `npm ci`. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** In CI the build must exist (CI builds before testing); locally a missing build skips with a message. */
export function requireBuild(): boolean {
  if (existsSync(BIN)) return true;
  if (process.env.CI) throw new Error(`${BIN} is missing: CI must run \`npm run build\` before the tests`);
  console.warn(`skipping CLI end-to-end tests: ${BIN} is missing (run \`npm run build\`)`);
  return false;
}

/**
 * How long `orgward sandbox` may take to say it is listening: a CLI start-up, plus seeding the demo
 * organization where asked (3-5 s idle; on a loaded 2-core machine the old 20 s limit was exceeded and
 * root-cli's and plan-apply's whole files were skipped). Hooks that start one allow this plus 30 s.
 */
export const SANDBOX_START_MS = 90_000;

/**
 * Timeouts of cases that run the CLI: 30 s per run plus 30 s (`}, 90_000); // 2 CLI runs`), an apply
 * or a live audit counting double. Every CLI run, even `--version`, costs about 2 s of CPU before it
 * does anything (it loads all the AWS SDK clients), an apply or an audit more. An idle 2-core machine
 * runs one in 3-6 s; a loaded one (load average 10-15, two CPU burners) took 10-14 s for `--version`
 * and up to 21 s per run. 30 s a run is ~1.5x the worst seen and 5x+ the idle time: slowness alone does
 * not fail a case, while a hang is still cut off (and by the 120 s limit on each run below). Cases
 * without the CLI keep the vitest default (30 s, vitest.config.ts).
 */
export function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** In-process runs share process.env and the console: one at a time. */
let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs the built CLI in this process: the same compiled code as the binary (`dist/cli/program.js`,
 * after the executable's own warning filter), minus the process start-up, which dominated the
 * end-to-end suites' time. What the command prints to standard output and error (console and direct
 * writes) is captured, `env` is set for the run and restored after, and the exit code is what the
 * binary would exit with. Commands that need a terminal or signals (`sandbox`) keep {@link runCli}.
 */
export function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = inProcessQueue.then(() => runOnce(args, env));
  inProcessQueue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], env: Record<string, string>): Promise<CliRun> {
  await import(pathToFileURL(BIN.replace(/main\.js$/, 'quiet-warnings.js')).href);
  const { main } = (await import(pathToFileURL(BIN.replace(/main\.js$/, 'program.js')).href)) as {
    main: (argv: string[]) => Promise<number>;
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  const original = {
    log: console.log,
    info: console.info,
    error: console.error,
    warn: console.warn,
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  const line =
    (sink: string[]) =>
    (...parts: unknown[]) =>
      void sink.push(`${format(...parts)}\n`);
  console.log = console.info = line(out);
  console.error = console.warn = line(err);
  process.stdout.write = (chunk: string | Uint8Array) => (out.push(String(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => (err.push(String(chunk)), true);
  try {
    const status = await main([process.execPath, BIN, ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    Object.assign(console, {
      log: original.log,
      info: original.info,
      error: original.error,
      warn: original.warn,
    });
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export interface RunningSandbox {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function startSandboxCli(args: string[]): Promise<RunningSandbox> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`sandbox did not start within ${SANDBOX_START_MS} ms: ${output}`));
    }, SANDBOX_START_MS);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export function awsCliInstalled(): boolean {
  return spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs the AWS CLI against an endpoint; returns parsed JSON output or the error text. */
export interface CliCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
}

export function awsCli(endpoint: string, args: string[], credentials: string | CliCredentials = 'test') {
  const creds =
    typeof credentials === 'string' ? { AccessKeyId: credentials, SecretAccessKey: 'test' } : credentials;
  const result = spawnSync('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      ...(creds.SessionToken ? { AWS_SESSION_TOKEN: creds.SessionToken } : {}),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
    timeout: 60_000,
  });
  return {
    status: result.status,
    json:
      result.status === 0 && result.stdout.trim()
        ? (JSON.parse(result.stdout) as Record<string, any>)
        : undefined,
    stderr: result.stderr,
  };
}
