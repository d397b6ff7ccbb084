/** `orgward demo`: orgward's main job on the embedded sandbox, no AWS account needed. */
import type { Command } from 'commander';
import { ClientFactory } from '../../aws/clients.js';
import { treeOf } from '../../model/org-tree.js';
import { readSnapshot } from '../../read/snapshot.js';
import { renderTree } from '../../render/tree.js';
import {
  applyWorldDocument,
  DEFAULT_ACCOUNT_ID,
  Sandbox,
  sandboxRequestHandler,
} from '../../sandbox/index.js';
import { buildDemoOrganization } from '../demo/build-organization.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('build a small organization on an in-process sandbox and show it (no AWS account needed)')
    .action(async () => {
      const started = Date.now();
      const sandbox = new Sandbox();
      applyWorldDocument(
        sandbox.world,
        { accounts: { [DEFAULT_ACCOUNT_ID]: { name: 'Management', email: 'aws+management@example.com' } } },
        sandbox.now(),
      );
      const factory = new ClientFactory({
        region: 'us-east-1',
        endpoint: 'http://sandbox.local',
        credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
        requestHandler: sandboxRequestHandler(sandbox),
      });
      console.log('orgward demo: an in-process AWS sandbox, driven through the real AWS SDK.\n');
      let n = 0;
      await buildDemoOrganization(factory, (step) => {
        n++;
        console.log(`${n}. ${step.title}`);
        console.log(`   $ ${step.command}`);
      });
      console.log(`${n + 1}. Read the organization back, walking the tree by parent`);
      const { snapshot } = await readSnapshot(factory);
      const tree = treeOf(snapshot);
      console.log('');
      console.log(renderTree(tree));
      const stats = factory.stats.snapshot();
      console.log(
        `\n${tree.accounts.length} accounts in ${tree.ous.length} OUs; ${stats.calls} AWS API calls (${stats.retried} retried) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      console.log('Next: `npx orgward sandbox --port 4566` serves the same sandbox to the AWS CLI and SDKs.');
    });
}
