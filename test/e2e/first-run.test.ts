/**
 * The usual first-hour mistakes, as a new user makes them with the built binary: each one gets a clear
 * message that says what to do, exit code 2, and no stack trace or "unexpected error".
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild, runCli, startSandboxCli } from '../support/cli.js';

const built = requireBuild();
/** No credentials and no shared config: only what each case sets. */
const bare = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_ENDPOINT_URL: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectClearFailure(result: { status: number | null; stderr: string }) {
  expect(result.status).toBe(2);
  expect(result.stderr).not.toMatch(/unexpected error|TypeError|\n\s+at /);
}

describe.runIf(built)('first-run mistakes', () => {
  it('an endpoint without a scheme is a usage error naming the value', () => {
    const result = runCli(['--endpoint-url', '127.0.0.1:4566', 'snapshot'], bare);
    expectClearFailure(result);
    expect(result.stderr).toContain('--endpoint-url is "127.0.0.1:4566", which is not an endpoint URL');
    expect(result.stderr).toContain('http://127.0.0.1:4566');
  }, 60_000);

  it('an endpoint with no credentials says the sandbox takes any key', async () => {
    const port = await closedPort();
    const result = runCli(['snapshot'], { ...bare, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
    expectClearFailure(result);
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID=test');
  }, 60_000);

  it('a refused connection names the endpoint and the sandbox to start, without retrying', async () => {
    const port = await closedPort();
    const result = runCli(['snapshot'], {
      ...bare,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    });
    expectClearFailure(result);
    expect(result.stderr).toContain(`nothing answers at http://127.0.0.1:${port} (connection refused)`);
    expect(result.stderr).toContain(`orgward sandbox --port ${port}`);
  }, 60_000);

  it('a busy port for orgward sandbox says so and suggests another', async () => {
    const first = await startSandboxCli([]);
    try {
      const port = new URL(first.url).port;
      const result = runCli(['sandbox', '--port', port], bare);
      expectClearFailure(result);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('--port 0');
    } finally {
      await first.stop();
    }
  }, 150_000);

  it('a saved plan that is not one is refused before any AWS call, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgward-plan-'));
    writeFileSync(join(dir, 'null.json'), 'null');
    writeFileSync(join(dir, 'broken.json'), '{"version": 1, "operations": [');
    mkdirSync(join(dir, 'folder.json'));
    // no endpoint and no credentials: reaching AWS would fail differently
    for (const [file, message] of [
      ['null.json', 'is not an orgward plan'],
      ['broken.json', 'is not an orgward plan: not valid JSON'],
      ['folder.json', 'is a folder, not a saved plan'],
    ] as const) {
      const result = runCli(['apply', '-c', join(dir, file), '--yes'], bare);
      expectClearFailure(result);
      expect(result.stderr).toContain(`${join(dir, file)}`);
      expect(result.stderr).toContain(message);
    }
  }, 120_000);
});
