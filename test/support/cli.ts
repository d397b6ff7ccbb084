/** Runs the built `orgward` binary (dist/), as a user would after `npm ci`. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** In CI the build must exist (CI builds before testing); locally a missing build skips with a message. */
export function requireBuild(): boolean {
  if (existsSync(BIN)) return true;
  if (process.env.CI) throw new Error(`${BIN} is missing: CI must run \`npm run build\` before the tests`);
  console.warn(`skipping CLI end-to-end tests: ${BIN} is missing (run \`npm run build\`)`);
  return false;
}

export function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${output}`)), 20_000);
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
