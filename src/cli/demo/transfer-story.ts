/**
 * The transfer story (`orgward demo --story transfer`): a customer's account sits in its reseller's
 * organization; the customer has its own organization now and moves the account there by direct
 * transfer. Both organizations live in one in-process sandbox; each step names the orgward command it
 * stands for. Files (both org.yaml, the plan as Markdown, HTML and JSON, the journal) go to `outDir`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { apply } from '../../api/apply.js';
import { plan } from '../../api/plan.js';
import { executeTransfer, verifyTransfer, type TransferRun } from '../../api/transfer.js';
import { planTransferMove } from '../../api/transfer-plan.js';
import { ClientFactory } from '../../aws/clients.js';
import { OrgwardError } from '../../errors/index.js';
import type { TransferPlan } from '../../model/transfer.js';
import {
  renderTransferHtml,
  renderTransferMarkdown,
  renderTransferRun,
  renderTransferText,
  renderVerification,
} from '../../render/transfer.js';
import { Sandbox, sandboxRequestHandler } from '../../sandbox/index.js';
import type { StoryReporter } from './story.js';

/** The customer's own organization's management account (a 12-digit key acts as that account's administrator). */
const CUSTOMER = '210987654321';
const DAY_MS = 86_400_000;

const RESELLER_YAML = `# Reseller A's organization: each customer's accounts in its own OU, guardrails the reseller keeps.
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [guardduty.amazonaws.com, account.amazonaws.com]
  delegatedAdministrators:
    guardduty.amazonaws.com: Acme Prod
ous:
  Customers:
    ous:
      Acme: { accounts: [Acme Prod, Acme Shared] }
accounts:
  Acme Prod: { email: acme-prod@reseller-a.example }
  Acme Shared: { email: acme-shared@reseller-a.example }
policies:
  DenyLeave:
    type: SERVICE_CONTROL_POLICY
    description: customers' accounts stay with the reseller
    file: deny-leave.json
    attach: [ou:Customers]
identityCenter:
  users:
    ana: { displayName: Ana Acme, email: ana@acme.example }
  groups:
    AcmeAdmins: { members: [ana] }
  permissionSets:
    AdministratorAccess: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
  assignments:
    - { group: AcmeAdmins, permissionSet: AdministratorAccess, targets: [ou:Customers/Acme] }
baseline:
  regions: [us-east-1]
  stackSets:
    reseller-monitoring:
      description: the reseller's monitoring stack in every customer account
      file: reseller-monitoring.yaml
      targets: [ou:Customers]
`;

const CUSTOMER_YAML = `# Acme's own organization: workloads under Workloads, its platform team reaches all of them.
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [account.amazonaws.com]
ous:
  Workloads:
    ous:
      Prod: {}
policies:
  NoIamUsers:
    type: SERVICE_CONTROL_POLICY
    description: people sign in through Identity Center, not as IAM users
    file: no-iam-users.json
    attach: [root]
identityCenter:
  users:
    bo: { displayName: Bo Platform, email: bo@acme.example }
  groups:
    Platform: { members: [bo] }
  permissionSets:
    Admin: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
  assignments:
    - { group: Platform, permissionSet: Admin, targets: [ou:Workloads] }
baseline:
  regions: [us-east-1]
  accounts:
    alternateContacts:
      security: { name: Acme Security, title: Security, email: security@acme.example, phone: +1 555 0100 }
`;

const statement = (effect: string, action: string | string[]) =>
  `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] }, null, 2)}\n`;

function factoryAs(sandbox: Sandbox, accessKeyId: string): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId, secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

/** Applies an org.yaml until nothing is left (a new organization gets Identity Center on the second pass). */
async function applyUntilClean(factory: ClientFactory, config: string): Promise<number> {
  let operations = 0;
  for (let pass = 0; pass < 3; pass++) {
    const { plan: changes } = await plan({ config, factory });
    if (changes.operations.length === 0) break;
    const run = await apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 1 } });
    if (run.failed > 0)
      throw new OrgwardError('INTERNAL', `the demo's ${config} did not apply`, { source: 'internal' });
    operations += run.done;
  }
  return operations;
}

interface Scene {
  sandbox: Sandbox;
  reseller: ClientFactory;
  customer: ClientFactory;
  files: string[];
  dir: string;
}

function write(scene: Scene, name: string, text: string): string {
  const path = join(scene.dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  scene.files.push(path);
  return path;
}

/** The files of both organizations, by path under the demo's folder (tests use them too). */
export function transferDemoFiles(): Map<string, string> {
  return new Map([
    ['reseller-a/org.yaml', RESELLER_YAML],
    ['reseller-a/deny-leave.json', statement('Deny', 'organizations:LeaveOrganization')],
    ['reseller-a/reseller-monitoring.yaml', 'Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n'],
    ['customer/org.yaml', CUSTOMER_YAML],
    ['customer/no-iam-users.json', statement('Deny', ['iam:CreateUser', 'iam:CreateAccessKey'])],
  ]);
}

async function buildBothOrganizations(scene: Scene, report: StoryReporter): Promise<void> {
  for (const [path, text] of transferDemoFiles()) write(scene, path, text);
  const resellerYaml = join(scene.dir, 'reseller-a/org.yaml');
  const customerYaml = join(scene.dir, 'customer/org.yaml');
  report.step({
    title: "Reseller A's organization: Customers/Acme holds Acme's two accounts",
    command: 'orgward apply -c reseller-a/org.yaml --yes',
  });
  await applyUntilClean(scene.reseller, resellerYaml);
  report.step({
    title: "Acme's own organization: Workloads/Prod, its platform team's access",
    command: `AWS_PROFILE=customer orgward apply -c customer/org.yaml --yes`,
  });
  await applyUntilClean(scene.customer, customerYaml);
  const { snapshot } = await plan({ config: resellerYaml, factory: scene.reseller });
  const account = (name: string) => snapshot!.accounts.find((a) => a.name === name)!.id;
  // Its own factory: an SDK client keeps its credentials by the real clock, which the week below skips.
  const shared = factoryAs(scene.sandbox, 'orgward')
    .assumeRole(account('Acme Shared'), 'OrganizationAccountAccessRole')
    .s3();
  report.step({
    title: 'A bucket in Acme Shared lets the whole reseller organization read it (aws:PrincipalOrgID)',
    command: 'aws s3api put-bucket-policy --bucket acme-artifacts ...',
  });
  await shared.send(new CreateBucketCommand({ Bucket: 'acme-artifacts' }));
  await shared.send(
    new PutBucketPolicyCommand({
      Bucket: 'acme-artifacts',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OrganizationReads',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::acme-artifacts/*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': snapshot!.organization.id } },
          },
        ],
      }),
    }),
  );
  scene.sandbox.loadDocument({
    accounts: {
      [account('Acme Prod')]: {
        supportPlan: 'BUSINESS',
        rootCredentials: { password: true, mfa: 'virtual' },
      },
    },
  });
  // A week later: both organizations and the accounts are old enough to move.
  scene.sandbox.advanceClock(8 * DAY_MS);
}

function stepsOf(run: TransferRun): string {
  return renderTransferRun(run).trimEnd();
}

export interface TransferStoryResult {
  plan: TransferPlan;
  files: string[];
  calls: number;
}

export async function runTransferStory(outDir: string, report: StoryReporter): Promise<TransferStoryResult> {
  const sandbox = new Sandbox();
  const scene: Scene = {
    sandbox,
    reseller: factoryAs(sandbox, 'orgward'),
    customer: factoryAs(sandbox, CUSTOMER),
    files: [],
    dir: outDir,
  };
  report.chapter('1. Two organizations: the reseller’s, holding Acme’s accounts, and Acme’s own');
  await buildBothOrganizations(scene, report);

  const sides = { source: scene.reseller, destination: { factory: scene.customer } };
  const command =
    'orgward transfer plan --account "Acme Prod" --to customer/org.yaml --to-profile customer --ou Workloads/Prod';
  report.chapter('2. Plan the move: the blockers, what the account loses and gains, the runbook', command);
  const transfer = await planTransferMove({
    ...sides,
    destination: { factory: scene.customer, configFile: join(outDir, 'customer/org.yaml') },
    accounts: ['Acme Prod'],
    ou: 'Workloads/Prod',
    now: () => sandbox.now(),
  });
  report.text(renderTransferText(transfer));
  write(scene, 'transfer-plan.md', renderTransferMarkdown(transfer));
  write(scene, 'transfer-plan.html', renderTransferHtml(transfer));
  write(scene, 'transfer-plan.json', `${JSON.stringify(transfer, null, 2)}\n`);

  const journal = join(outDir, 'transfer-journal.jsonl');
  const execute = (extra: { done?: string[]; deregister?: boolean }) =>
    executeTransfer({
      ...sides,
      plan: transfer,
      journal,
      confirmed: true,
      poll: { identityCenterMs: 1 },
      now: () => sandbox.now(),
      ...extra,
    });
  report.chapter(
    '3. Execute: it stops at each human step',
    'orgward transfer execute transfer-plan.json --to-profile customer --yes',
  );
  report.text(stepsOf(await execute({})));
  report.chapter(
    '4. Both sides agreed, the stack set deletion is accepted; deregistering GuardDuty is confirmed',
    'orgward transfer execute transfer-plan.json --to-profile customer --yes --done agreement --done stack-instances --deregister',
  );
  report.text(stepsOf(await execute({ done: ['agreement', 'stack-instances'], deregister: true })));
  report.chapter(
    '5. Run it again: nothing left to do',
    'orgward transfer execute transfer-plan.json --to-profile customer --yes',
  );
  report.text(stepsOf(await execute({})));
  scene.files.push(journal);

  report.chapter(
    '6. Verify: what is left from the plan',
    'orgward transfer verify transfer-plan.json --to-profile customer',
  );
  report.text(renderVerification(await verifyTransfer({ ...sides, plan: transfer })).trimEnd());
  const calls = [scene.reseller, scene.customer].reduce((n, f) => n + f.stats.snapshot().calls, 0);
  return { plan: transfer, files: scene.files, calls };
}
