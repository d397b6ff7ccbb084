/**
 * The access story (`orgward demo --story access`): on an organization with nested OUs, SCPs, Identity
 * Center from org.yaml and a hub account whose IAM users switch role into the members
 * (access-world.ts), the questions people ask every day, each chapter naming the command it stands for.
 * Files (the model, the matrix page, the links page, ~/.aws/config profiles, org.yaml) go to `outDir`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAwsConfig } from '../../access/profiles.js';
import {
  accessCan,
  accessMatrixOf,
  accessReachable,
  accessWhoCan,
  readAccessModel,
  saveAccessModel,
  type AccessQueryOptions,
} from '../../api/access.js';
import { accessGrant } from '../../api/access-change.js';
import { ClientFactory } from '../../aws/clients.js';
import { renderAccessChanges, renderDecisions, renderExplain, renderMatrix } from '../../render/access.js';
import { linksHtml } from '../../render/access-links.js';
import { Sandbox, sandboxRequestHandler } from '../../sandbox/index.js';
import { ACCESS_ACCOUNTS, accessWorld, setUpAccessWorld } from './access-world.js';
import type { StoryReporter } from './story.js';

const HUB = ACCESS_ACCOUNTS.Hub;
const EU = { 'aws:RequestedRegion': 'eu-west-1' };

function adminFactory(sandbox: Sandbox): ClientFactory {
  return new ClientFactory(
    {
      region: 'eu-west-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'orgward', secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

interface Ctx {
  report: StoryReporter;
  model: string;
  config: string;
  write: (name: string, text: string) => void;
  now: Date;
}

async function questions(ctx: Ctx): Promise<void> {
  const { report, model } = ctx;
  const q = (
    action: string,
    accounts: string[],
    context: Record<string, string> = EU,
  ): AccessQueryOptions => ({
    modelFile: model,
    action,
    accounts,
    context,
  });
  report.chapter(
    '2. Who reaches which account with what',
    'orgward access matrix --iam-roles --config org.yaml',
  );
  const { rows } = await accessMatrixOf({ modelFile: model, config: ctx.config });
  report.text(renderMatrix(rows, 'table'));
  ctx.write('access.html', renderMatrix(rows, 'html'));

  report.chapter(
    '3. Who can delete a DynamoDB table in the workloads?',
    'orgward access who-can dynamodb:DeleteTable --account ou:Workloads --in-region eu-west-1',
  );
  const del = await accessWhoCan(q('dynamodb:DeleteTable', ['ou:Workloads']));
  report.text(
    renderDecisions(
      { title: 'who can dynamodb:DeleteTable in Workloads', decisions: del.decisions, empty: 'nobody' },
      'table',
    ),
  );

  report.chapter(
    '4. Why can bob not, in Prod, although his time-bound set allows dynamodb:*?',
    'orgward access explain bob dynamodb:DeleteTable --account "Shop Prod" --in-region eu-west-1 --permission-set TableOperator',
  );
  const bob = await accessCan({ ...q('dynamodb:DeleteTable', ['Shop Prod']), subject: 'bob' });
  for (const d of bob.decisions.filter(
    (p) => p.path.kind === 'identity-center' && p.path.permissionSet === 'TableOperator',
  ))
    report.text(renderExplain(d));

  report.chapter(
    '5. What the request decides: the office network, the region',
    'orgward access can alice s3:PutObject --account "Shop Dev" --in-region eu-west-1; orgward access can carol ec2:RunInstances --account "Shop Dev"',
  );
  const alice = await accessCan({ ...q('s3:PutObject', ['Shop Dev']), subject: 'alice' });
  report.text(
    renderDecisions(
      { title: 'can alice s3:PutObject in Shop Dev?', decisions: alice.decisions, empty: '' },
      'table',
    ),
  );
  const carol = await accessCan({ ...q('ec2:RunInstances', ['Shop Dev'], {}), subject: 'carol' });
  report.text(
    renderDecisions(
      {
        title: 'can carol ec2:RunInstances in Shop Dev (any region)?',
        decisions: carol.decisions,
        empty: '',
      },
      'table',
    ),
  );

  report.chapter(
    '6. The jump account: who in the hub can act as SRE in Staging?',
    'orgward access who-can iam:ListUsers --account "Shop Staging" --iam-roles',
  );
  const sre = await accessWhoCan(q('iam:ListUsers', ['Shop Staging'], {}));
  report.text(
    renderDecisions(
      {
        title: 'who can iam:ListUsers in Shop Staging',
        decisions: sre.decisions.filter((d) => d.path.kind === 'iam-role'),
        empty: 'nobody',
      },
      'table',
    ),
  );
}

async function gettingThere(ctx: Ctx): Promise<void> {
  const { report, model } = ctx;
  report.chapter(
    '7. alice’s profiles, and jane’s links',
    'orgward access profiles --user alice; orgward access links --user 210000000004/jane --format html',
  );
  const alice = await accessReachable({ modelFile: model, user: 'alice' });
  const profiles = generateAwsConfig(alice.reachable, alice.portal ? { portal: alice.portal } : {});
  report.text(profiles.text);
  ctx.write('aws-config', profiles.text);
  const jane = await accessReachable({ modelFile: model, user: `${HUB}/jane` });
  ctx.write('links-jane.html', linksHtml(jane.reachable, jane.portal, 'Sign-in links for jane'));
  report.text(`  ${jane.reachable.length} switch-role links for jane in links-jane.html`);

  report.chapter(
    '8. One extra permission: alice needs DynamoDB in Staging for a month',
    'orgward access grant --user alice --account "Shop Staging" --actions "dynamodb:*" --until … --config org.yaml',
  );
  const until = new Date(ctx.now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z';
  const grant = await accessGrant({
    modelFile: model,
    config: ctx.config,
    request: { user: 'alice', account: 'Shop Staging', actions: ['dynamodb:*'], until, reason: 'load test' },
    now: ctx.now,
  });
  report.text(
    [
      `  org.yaml: alice gets the existing ${grant.permissionSet} in Shop Staging until ${until.slice(0, 10)}`,
      ...grant.plan.operations.map((o) => `  + ${o.summary}`),
      renderAccessChanges(grant.changes, 'text').trimEnd(),
    ].join('\n'),
  );
}

export interface AccessStoryResult {
  files: string[];
  calls: number;
}

/** Runs the story on a fresh in-process sandbox. */
export async function runAccessStory(outDir: string, report: StoryReporter): Promise<AccessStoryResult> {
  mkdirSync(outDir, { recursive: true });
  const sandbox = new Sandbox();
  sandbox.loadDocument(accessWorld());
  const factory = adminFactory(sandbox);
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    files.push(join(outDir, name));
  };
  report.chapter(
    '1. An organization with SCPs, Identity Center from org.yaml, and a hub account for switch-role',
    'orgward apply; orgward access model --iam-roles --out access.json',
  );
  const config = await setUpAccessWorld(factory, outDir, sandbox.now());
  files.push(config);
  const read = await readAccessModel(factory, { iamRoles: true });
  const model = join(outDir, 'access.json');
  await saveAccessModel(read, model);
  files.push(model);
  report.text(
    `  ${read.snapshot.accounts.length} accounts, ${read.snapshot.identityCenter?.assignments.length ?? 0} assignments, ${Object.keys(read.iam).length} accounts' IAM read; ${factory.stats.snapshot().calls} AWS calls so far`,
  );
  const ctx: Ctx = { report, model, config, write, now: sandbox.now() };
  await questions(ctx);
  await gettingThere(ctx);
  return { files, calls: factory.stats.snapshot().calls };
}
