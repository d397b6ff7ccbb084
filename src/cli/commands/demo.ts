/** `orgward demo`: orgward's main job, start to finish, on the embedded sandbox (no AWS account needed). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import type { StoryReporter } from '../demo/story.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole story on an in-process AWS sandbox: a messy organization audited, a landing zone applied, root credentials deleted, audited again',
    )
    .option(
      '--out <dir>',
      'where to write org.yaml, the plan, the audits and the HTML report',
      'orgward-demo',
    )
    .option(
      '--story <story>',
      'main (the whole story), transfer (an account moves from its reseller’s organization to its own), iam-users (IAM users move to Identity Center and are retired), or access (who can reach what, why, and how to get there)',
      'main',
    )
    .action(async (options: { out: string; story: string }) => {
      if (options.story === 'transfer') return transferDemo(resolve(options.out));
      if (options.story === 'iam-users') return iamUsersDemo(resolve(options.out));
      if (options.story === 'access') return accessDemo(resolve(options.out));
      if (options.story !== 'main')
        throw new UsageError(`--story ${options.story} is not one of main, transfer, iam-users, access`);
      const [{ renderAuditHtml }, { renderAuditBrief, renderImprovement }, { runStory }] = await Promise.all([
        import('../../render/audit/index.js'),
        import('../../render/demo.js'),
        import('../demo/story.js'),
      ]);
      const started = Date.now();
      const out = resolve(options.out);
      console.log(
        'orgward demo: an in-process AWS sandbox, driven through the real AWS SDK. No AWS account is used.',
      );
      let n = 0;
      const result = await runStory(
        out,
        {
          chapter: (title, command) => {
            n = 0;
            console.log(`\n== ${title}`);
            if (command) console.log(`   $ ${command}`);
          },
          step: (step) => {
            n++;
            console.log(`  ${n}. ${step.title}`);
            console.log(`     $ ${step.command}`);
          },
          text: (text) => console.log(text.replace(/\n+$/, '')),
        },
        (after, before) => ({
          summary: before ? renderImprovement(before, after) : renderAuditBrief(after),
          html: renderAuditHtml(after),
        }),
      );
      console.log(`\n== 7. Everything is in ${out}`);
      for (const file of result.files) console.log(`   ${file.slice(out.length + 1)}`);
      console.log(`\nOpen the report: ${out}/audit.html`);
      console.log(
        `${result.calls} AWS API calls in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: \`orgward sandbox --seed demo\` serves a sandbox to the AWS CLI and SDKs; docs/getting-started.md points orgward at a real organization.`,
      );
    });
}

/** The story's chapters, steps and text on the console. */
const consoleReporter: StoryReporter = {
  chapter: (title, command) => {
    console.log(`\n== ${title}`);
    if (command) console.log(`   $ ${command}`);
  },
  step: (step) => {
    console.log(`  - ${step.title}`);
    console.log(`     $ ${step.command}`);
  },
  text: (text) => console.log(text.replace(/\n+$/, '')),
};

/** A side story: its banner, its run, the files it wrote and what it cost. */
async function sideStory(
  out: string,
  banner: string,
  run: (out: string, report: StoryReporter) => Promise<{ files: string[]; calls: number }>,
  last: { chapter: number; page: string; doc: string },
): Promise<void> {
  const started = Date.now();
  console.log(banner);
  const result = await run(out, consoleReporter);
  console.log(`\n== ${last.chapter}. Everything is in ${out}`);
  for (const file of result.files) console.log(`   ${file.slice(out.length + 1)}`);
  console.log(
    `\n${result.calls} AWS API calls in ${((Date.now() - started) / 1000).toFixed(1)} s. ${last.page} See ${last.doc}.`,
  );
}

async function transferDemo(out: string): Promise<void> {
  const { runTransferStory } = await import('../demo/transfer-story.js');
  await sideStory(
    out,
    'orgward demo --story transfer: two organizations in an in-process AWS sandbox, driven through the real AWS SDK. No AWS account is used.',
    runTransferStory,
    { chapter: 7, page: `The plan as a page: ${out}/transfer-plan.html.`, doc: 'docs/transfer.md' },
  );
}

async function iamUsersDemo(out: string): Promise<void> {
  const { runIamUsersStory } = await import('../demo/iam-users-story.js');
  await sideStory(
    out,
    'orgward demo --story iam-users: an organization in an in-process AWS sandbox, driven through the real AWS SDK. No AWS account is used.',
    runIamUsersStory,
    { chapter: 8, page: `The inventory as a page: ${out}/iam-users.html.`, doc: 'docs/iam-users.md' },
  );
}

async function accessDemo(out: string): Promise<void> {
  const { runAccessStory } = await import('../demo/access-story.js');
  await sideStory(
    out,
    'orgward demo --story access: an organization in an in-process AWS sandbox, driven through the real AWS SDK. No AWS account is used.',
    runAccessStory,
    { chapter: 9, page: `The matrix as a page: ${out}/access.html.`, doc: 'docs/access.md' },
  );
}
