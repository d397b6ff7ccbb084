/** `orgward import`: adopt an existing organization as org.yaml and policies/. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface ImportOptions {
  out: string;
  snapshot?: string;
  force?: boolean;
  memberRole?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'write org.yaml (and policies/) from the live organization or a snapshot; plan on it shows no changes',
    )
    .option('--out <dir>', 'folder to write org.yaml and policies/ into', '.')
    .option('--snapshot <file>', 'import from a saved snapshot instead of reading AWS')
    .option('--force', 'overwrite an existing org.yaml')
    .option(
      '--member-role <name>',
      'role read in member accounts for the baseline (Config, account settings)',
      'OrganizationAccountAccessRole',
    )
    .action(async (options: ImportOptions, command: Command) => {
      const target = join(options.out, 'org.yaml');
      if (existsSync(target) && !options.force) {
        throw new UsageError(
          `${target} exists`,
          'pass --force to overwrite it, or --out DIR to write elsewhere',
        );
      }
      const [api, { importOrganization }, { ClientFactory }] = await Promise.all([
        import('../../api/snapshot.js'),
        import('../../api/import.js'),
        import('../../aws/clients.js'),
      ]);
      const sink = terminalSink();
      const { files, notes, snapshot } = options.snapshot
        ? await importOrganization({ snapshot: await api.loadSnapshotFile(options.snapshot) })
        : await importOrganization(
            {
              factory: new ClientFactory(awsTargetFrom(command.optsWithGlobals<GlobalOptions>())),
              ...(options.memberRole ? { memberRoleName: options.memberRole } : {}),
            },
            sink,
          ).finally(() => sink.done());
      for (const [path, content] of files) {
        const full = join(options.out, path);
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
      }
      console.log(`wrote ${target} and ${files.size - 1} policy file${files.size === 2 ? '' : 's'}`);
      console.log(
        `  ${snapshot.accounts.length} accounts, ${snapshot.ous.length} OUs, ${snapshot.policies.filter((p) => !p.awsManaged).length} policies${snapshot.identityCenter ? `, ${snapshot.identityCenter.permissionSets.length} permission sets, ${snapshot.identityCenter.assignments.length} assignments` : ''}`,
      );
      for (const note of notes) console.log(`  note: ${note}`);
      console.log(`next: orgward plan -c ${target}   (expect: no changes)`);
    });
}
