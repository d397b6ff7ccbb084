/** `orgward sandbox`: the local AWS-compatible endpoint, on 127.0.0.1, until stopped. */
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { parseIntegerOption, parseNumberOption } from '../options.js';
import { BUILTIN_SEED_NAMES } from '../seeds.js';

export interface SandboxOptions {
  port: number;
  state?: string;
  seed?: string;
  throttle?: boolean;
  rateProfile: 'documented' | 'pessimistic' | 'raised';
  timeScale: number;
  verifySignatures?: boolean;
  adminKey: string;
}

let served: ReadonlyArray<{ name: string }> = [];

/** `--admin-key <id:secret>`: split at the first colon (a secret may hold colons, an access key id does not). */
function parseAdminKey(value: string): { accessKeyId: string; secretAccessKey: string } {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new UsageError(
      `--admin-key ${value}: expected <access key id>:<secret access key>`,
      'for example --admin-key test:test (the default)',
    );
  }
  return { accessKeyId: value.slice(0, colon), secretAccessKey: value.slice(colon + 1) };
}

/** The sandbox's services, read from its service registry when help is shown, wrapped at 100 columns. */
function servicesHelp(services: ReadonlyArray<{ name: string }>): string {
  const lines: string[] = [];
  let line = '';
  for (const { name } of services) {
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
  // The service list for the help is read from the sandbox's registry, loaded only for this command.
  program.hook('preSubcommand', async (_program, sub) => {
    if (sub.name() === 'sandbox') served = (await import('../../sandbox/services/index.js')).allServices;
  });
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
      `built-in seed (${BUILTIN_SEED_NAMES.join(', ')}) or world JSON file (or saved state) to load at start`,
    )
    .option('--throttle', 'answer like AWS when its documented rate limits are exceeded')
    .option('--rate-profile <name>', 'documented | pessimistic | raised', 'documented')
    .option(
      '--time-scale <factor>',
      'run rate limits and settle times this many times faster than AWS',
      parseNumberOption('--time-scale'),
      1,
    )
    .option(
      '--verify-signatures',
      'reject requests not signed (SigV4) by a key the sandbox issued or the admin key, as AWS would',
    )
    .option(
      '--admin-key <id:secret>',
      'with --verify-signatures: the administrator key pair (12-digit key ids take its secret too)',
      'test:test',
    )
    .addHelpText('after', () => `\nServices served (${served.length}):\n${servicesHelp(served)}`)
    .addHelpText(
      'after',
      `
Point any AWS SDK or CLI at it:
  export AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  aws organizations create-organization
Unknown access keys act as the administrator of account 123456789012; a 12-digit access key id
acts as that account's administrator. With --verify-signatures, only keys the sandbox issued (with
their secret and session token), the admin key and 12-digit key ids (with the admin secret) are
accepted. Control API: GET /_sandbox/health, see docs/sandbox.md.`,
    )
    .action(async (options: SandboxOptions) => {
      if (!['documented', 'pessimistic', 'raised'].includes(options.rateProfile)) {
        throw new UsageError(
          `--rate-profile ${options.rateProfile} is not one of documented, pessimistic, raised`,
        );
      }
      const adminKey = parseAdminKey(options.adminKey);
      await (await import('./sandbox-run.js')).runSandbox(options, adminKey);
    });
}
