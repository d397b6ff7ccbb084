/** `orgward validate`: check org.yaml without AWS; every problem at once, with file:line:col. */
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.js';
import { formatIssue } from '../../config/issues.js';
import { OrgwardError } from '../../errors/index.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check org.yaml without AWS: syntax, keys, types, references, AWS limits')
    .option('-c, --config <file>', 'the organization file', 'org.yaml')
    .option(
      '--root <dir>',
      'folder every file the config names must be in (default: the git work tree holding the config, else its folder)',
    )
    .action((options: { config: string; root?: string }) => {
      const loaded = loadConfigFile(options.config, { root: options.root });
      for (const issue of loaded.issues) console.error(formatIssue(issue));
      const errors = loaded.issues.filter((i) => i.severity === 'error').length;
      const warnings = loaded.issues.length - errors;
      if (errors > 0) {
        throw new OrgwardError(
          'CONFIG_INVALID',
          `${options.config}: ${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
          {
            source: 'user',
            hint: 'fix the problems listed above; nothing was sent to AWS',
          },
        );
      }
      console.log(
        `${options.config}: valid${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`,
      );
    });
}
