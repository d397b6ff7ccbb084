/** `orgward validate`: check org.yaml without AWS; every problem at once, with file:line:col. */
import type { Command } from 'commander';
import { OrgwardError } from '../../errors/index.js';
import { terminalSink } from '../sink.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check org.yaml without AWS: syntax, keys, types, references, AWS limits')
    .option('-c, --config <file>', 'the organization file', 'org.yaml')
    .option(
      '--root <dir>',
      'folder every file the config names must be in (default: the git work tree holding the config, else its folder)',
    )
    .action(async (options: { config: string; root?: string }) => {
      const { validate } = await import('../../api/config.js');
      const result = validate(options.config, { root: options.root }, terminalSink());
      if (!result.valid)
        throw new OrgwardError(
          'CONFIG_INVALID',
          `${options.config}: ${plural(result.errors, 'error')}${result.warnings ? `, ${plural(result.warnings, 'warning')}` : ''}`,
          { source: 'user', hint: 'fix the problems listed above; nothing was sent to AWS' },
        );
      console.log(
        `${options.config}: valid${result.warnings ? ` (${plural(result.warnings, 'warning')})` : ''}`,
      );
    });
}
