/** `orgward sandbox`: the local AWS-compatible endpoint, on 127.0.0.1, until stopped. */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import {
  Sandbox,
  StateSaver,
  listen,
  loadDocument,
  loadState,
  type ConfigPatch,
} from '../../sandbox/index.js';
import { allServices } from '../../sandbox/services/index.js';
import { parseIntegerOption, parseNumberOption } from '../options.js';
import { BUILTIN_SEEDS, inProcessFactory } from '../seeds.js';

interface SandboxOptions {
  port: number;
  state?: string;
  seed?: string;
  throttle?: boolean;
  rateProfile: 'documented' | 'pessimistic' | 'raised';
  timeScale: number;
}

function readSeed(seed: string): unknown {
  if (!existsSync(seed)) {
    throw new UsageError(
      `--seed ${seed}: no such file and no built-in seed of that name`,
      `pass a world JSON file (see docs/sandbox.md, "World documents") or one of: ${Object.keys(BUILTIN_SEEDS).join(', ')}`,
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

/** The sandbox's services, read from its service registry when help is shown, wrapped at 100 columns. */
function servicesHelp(): string {
  const lines: string[] = [];
  let line = '';
  for (const { name } of allServices) {
    const longer = line ? `${line}, ${name}` : `  ${name}`;
    if (longer.length <= 100) line = longer;
    else {
      lines.push(`${line},`);
      line = `  ${name}`;
    }
  }
  return [...lines, line].join('\n');
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      'serve a local AWS-compatible endpoint on 127.0.0.1 (the services it serves are listed below)',
    )
    .option(
      '--port <port>',
      'TCP port to listen on (0 picks a free one)',
      parseIntegerOption('--port', 0, 65535),
      4566,
    )
    .option('--state <file>', 'keep the sandbox state in this file; it survives a restart')
    .option(
      '--seed <name|file>',
      `built-in seed (${Object.keys(BUILTIN_SEEDS).join(', ')}) or world JSON file (or saved state) to load at start`,
    )
    .option('--throttle', 'answer like AWS when its documented rate limits are exceeded')
    .option('--rate-profile <name>', 'documented | pessimistic | raised', 'documented')
    .option(
      '--time-scale <factor>',
      'run rate limits and settle times this many times faster than AWS',
      parseNumberOption('--time-scale'),
      1,
    )
    .addHelpText('after', () => `\nServices served (${allServices.length}):\n${servicesHelp()}`)
    .addHelpText(
      'after',
      `
Point any AWS SDK or CLI at it:
  export AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  aws organizations create-organization
Unknown access keys act as the administrator of account 123456789012; a 12-digit access key id
acts as that account's administrator. Control API: GET /_sandbox/health, see docs/sandbox.md.`,
    )
    .action(async (options: SandboxOptions) => {
      if (!['documented', 'pessimistic', 'raised'].includes(options.rateProfile)) {
        throw new UsageError(
          `--rate-profile ${options.rateProfile} is not one of documented, pessimistic, raised`,
        );
      }
      const config: ConfigPatch = {
        throttling: {
          enabled: Boolean(options.throttle),
          profile: options.rateProfile,
          timeScale: options.timeScale,
        },
      };
      let saver: StateSaver | undefined;
      const stored = options.state ? loadState(options.state) : undefined;
      const sandbox = new Sandbox({
        ...(stored ? { world: stored } : {}),
        config,
        onChange: () => saver?.changed(),
        onInternalError: (error, operation) =>
          console.error(`sandbox: internal error in ${operation}:`, error),
      });
      if (options.state) saver = new StateSaver(options.state, () => sandbox.world);
      const builtin = options.seed ? BUILTIN_SEEDS[options.seed] : undefined;
      if (builtin) {
        await builtin.build(inProcessFactory(sandbox));
      } else if (options.seed) {
        const result = loadDocument(sandbox.world, readSeed(options.seed), sandbox.now());
        if (result.kind === 'replaced') sandbox.reset(result.world);
        sandbox.changed();
      }
      if (stored) {
        console.log(`state restored from ${options.state} (${Object.keys(stored.accounts).length} accounts)`);
      }
      const server = await listenOrExplain(sandbox, options.port);
      console.log(`orgward sandbox listening on ${server.url}`);
      console.log(
        `  export AWS_ENDPOINT_URL=${server.url} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      saver?.flush();
      console.log('orgward sandbox stopped');
    });
}
