/** What `orgward sandbox` runs once its options are checked, loaded only then (the sandbox is large). */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../errors/index.js';
import { Sandbox, StateSaver, listen, loadDocument, type ConfigPatch } from '../../sandbox/index.js';
import { loadState, StateFileError } from '../../sandbox/persistence.js';
import { inProcessFactory } from '../../api/sandbox.js';
import { BUILTIN_SEEDS, BUILTIN_SEED_NAMES } from '../seeds.js';
import type { SandboxOptions } from './sandbox.js';

function readSeed(seed: string): unknown {
  if (!existsSync(seed)) {
    throw new UsageError(
      `--seed ${seed}: no such file and no built-in seed of that name`,
      `pass a world JSON file (see docs/sandbox.md, "World documents") or one of: ${BUILTIN_SEED_NAMES.join(', ')}`,
    );
  }
  try {
    return JSON.parse(readFileSync(seed, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`--seed ${seed}: not valid JSON (${(error as Error).message})`);
  }
}

/** `listen`, with the usual reasons a port cannot be had turned into a usage error that says what to do. */
async function listenOrExplain(sandbox: Sandbox, port: number) {
  try {
    return await listen(sandbox, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(
        `port ${port} on 127.0.0.1 is already in use (another sandbox, or another local AWS emulator?)`,
        `stop what listens there, or pick another port: orgward sandbox --port ${port + 1} (or --port 0 for any free one)`,
      );
    if (code === 'EACCES')
      throw new UsageError(
        `port ${port} needs privileges this user does not have`,
        'pick a port above 1023, e.g. --port 4566',
      );
    throw error;
  }
}

/** The `--state` file's world, with a file of the wrong shape refused as a usage error (exit 2). */
function loadStateOrExplain(path: string) {
  try {
    return loadState(path, { warn: (message) => console.error(`sandbox: ${message}`) });
  } catch (error) {
    if (error instanceof StateFileError)
      throw new UsageError(
        error.message,
        'fix or move the file away (it is written only by orgward sandbox), or pick another --state path',
      );
    throw error;
  }
}

/**
 * Saves the world to `path` now, then after every change; every answer waits until the changes made
 * before it are on disk (docs/sandbox.md, "State"), so a kill loses nothing acknowledged.
 */
function startSaver(sandbox: Sandbox, path: string): StateSaver {
  const saver = new StateSaver(path, () => sandbox.world, {
    onError: (error) => console.error(`sandbox: could not save state to ${path}:`, error),
  });
  try {
    saver.save();
  } catch (error) {
    throw new UsageError(
      `--state ${path}: cannot be written (${(error as Error).message})`,
      'pick a path in a directory that exists and that this user can write',
    );
  }
  const answer = sandbox.handle.bind(sandbox);
  sandbox.handle = async (request) => {
    const response = await answer(request);
    // A failed save fails the call (HTTP 500 naming the error): its change is not durable.
    await saver.whenSaved();
    return response;
  };
  return saver;
}

export async function runSandbox(
  options: SandboxOptions,
  adminKey: { accessKeyId: string; secretAccessKey: string },
): Promise<void> {
  const config: ConfigPatch = {
    throttling: {
      enabled: Boolean(options.throttle),
      profile: options.rateProfile,
      timeScale: options.timeScale,
    },
    auth: {
      verifySignatures: Boolean(options.verifySignatures),
      adminAccessKeyId: adminKey.accessKeyId,
      adminSecretAccessKey: adminKey.secretAccessKey,
    },
  };
  let saver: StateSaver | undefined;
  const stored = options.state ? loadStateOrExplain(options.state) : undefined;
  const sandbox = new Sandbox({
    ...(stored ? { world: stored } : {}),
    config,
    onChange: () => saver?.changed(),
    onInternalError: (error, operation) => console.error(`sandbox: internal error in ${operation}:`, error),
  });
  const builtin = options.seed ? BUILTIN_SEEDS[options.seed] : undefined;
  if (builtin) {
    await builtin.build(inProcessFactory(sandbox));
  } else if (options.seed) {
    const result = loadDocument(sandbox.world, readSeed(options.seed), sandbox.now());
    if (result.kind === 'replaced') sandbox.reset(result.world);
    sandbox.changed();
  }
  // Created after seeding (a save per seeding call would be wasted): saved once now, which also
  // proves the file can be written, then after every change, before the change is answered.
  if (options.state) saver = startSaver(sandbox, options.state);
  if (stored) {
    console.log(`state restored from ${options.state} (${Object.keys(stored.accounts).length} accounts)`);
  }
  const server = await listenOrExplain(sandbox, options.port);
  console.log(`orgward sandbox listening on ${server.url}`);
  const shown = options.verifySignatures ? adminKey : { accessKeyId: 'test', secretAccessKey: 'test' };
  console.log(
    `  export AWS_ENDPOINT_URL=${server.url} AWS_ACCESS_KEY_ID=${shown.accessKeyId} AWS_SECRET_ACCESS_KEY=${shown.secretAccessKey} AWS_REGION=us-east-1`,
  );
  if (options.verifySignatures) {
    console.log(
      `  signatures verified: admin key ${adminKey.accessKeyId} / ${adminKey.secretAccessKey} (account ${sandbox.world.defaultAccountId}); ` +
        `a 12-digit key id with secret ${adminKey.secretAccessKey} acts as that account's administrator`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  saver?.flush();
  console.log('orgward sandbox stopped');
}
