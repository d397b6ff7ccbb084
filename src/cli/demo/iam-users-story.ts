/**
 * The IAM users story (`orgward demo --story iam-users`): an organization whose people still sign in
 * as IAM users in three accounts moves them to Identity Center and retires the users. The estate is one
 * world document ({@link iamUsersWorld}); each step names the orgward command it stands for. Files (the
 * inventory as HTML and JSON, org.yaml before and after the merge, the journal) go to `outDir`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  PutGroupPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { apply } from '../../api/apply.js';
import { importOrganization } from '../../api/import.js';
import {
  inventoryIamUsers,
  planIamUsersMove,
  retireIamUsers,
  type IamRetireRun,
} from '../../api/iam-users.js';
import { plan } from '../../api/plan.js';
import { ClientFactory } from '../../aws/clients.js';
import { mergeIdentityCenterFragment } from '../../config/merge-fragment.js';
import { fragmentOf } from '../../iam-users/map.js';
import type { RetirePhase } from '../../model/iam-users.js';
import {
  renderInventory,
  renderProposal,
  renderRetirePlan,
  renderRetireRun,
} from '../../render/iam-users.js';
import { Sandbox, sandboxRequestHandler } from '../../sandbox/index.js';
import type { StoryReporter } from './story.js';

const MANAGEMENT = '123456789012';
export const IAM_DEMO_ACCOUNTS = {
  Shop: '222222222222',
  Data: '333333333333',
  Legacy: '444444444444',
} as const;
const ROLE = 'OrganizationAccountAccessRole';
const DAY_MS = 86_400_000;

const allow = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

/** The estate: an organization with three members holding IAM users, and Identity Center's own users. */
export function iamUsersWorld(): Record<string, unknown> {
  const { Shop, Data, Legacy } = IAM_DEMO_ACCOUNTS;
  return {
    accounts: {
      [MANAGEMENT]: {
        name: 'Management',
        email: 'aws-management@example.com',
        organization: { members: { [Shop]: {}, [Data]: {}, [Legacy]: {} } },
        identityStore: {
          users: {
            'alice@example.com': { displayName: 'Alice Doe', email: 'alice@example.com' },
            'bob@example.com': { displayName: 'Bob Roe', email: 'bob@example.com' },
            'carol@example.com': { displayName: 'Carol Poe', email: 'carol@example.com' },
          },
        },
      },
      [Shop]: {
        name: 'Shop',
        email: 'aws-shop@example.com',
        iamUsers: {
          alice: {
            password: true,
            passwordLastUsedDaysAgo: 2,
            mfa: 'virtual',
            groups: ['Developers'],
            tags: { email: 'alice@example.com' },
          },
          bob: {
            password: true,
            passwordLastUsedDaysAgo: 9,
            groups: ['Developers'],
            inlinePolicies: { tables: allow('dynamodb:*') },
            signingCertificates: 1,
            sshPublicKeys: 1,
            serviceSpecificCredentials: ['codecommit.amazonaws.com'],
            tags: { email: 'bob@example.com' },
          },
        },
      },
      [Data]: {
        name: 'Data',
        email: 'aws-data@example.com',
        iamUsers: {
          carol: {
            password: true,
            passwordLastUsedDaysAgo: 1,
            groups: ['Analysts'],
            tags: { email: 'carol@example.com' },
          },
          ci: { accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1, lastUsedService: 's3' }] },
        },
      },
      [Legacy]: {
        name: 'Legacy',
        email: 'aws-legacy@example.com',
        iamUsers: {
          old: { accessKeys: [{ ageDays: 500, lastUsedDaysAgo: 400 }] },
          'breakglass-admin': {
            password: true,
            mfa: 'hardware',
            managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
      },
    },
  };
}

/** What the world document cannot say: the groups' policies, and the CI job's newer key (its secret). */
async function groupPoliciesAndKey(factory: ClientFactory): Promise<{ id: string; secret: string }> {
  const shop = factory.assumeRole(IAM_DEMO_ACCOUNTS.Shop, ROLE).iam();
  await shop.send(
    new AttachGroupPolicyCommand({
      GroupName: 'Developers',
      PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    }),
  );
  await shop.send(
    new PutGroupPolicyCommand({
      GroupName: 'Developers',
      PolicyName: 'logs',
      PolicyDocument: JSON.stringify(allow('logs:Get*', 'logs:Filter*')),
    }),
  );
  const data = factory.assumeRole(IAM_DEMO_ACCOUNTS.Data, ROLE).iam();
  await data.send(
    new AttachGroupPolicyCommand({
      GroupName: 'Analysts',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  );
  const key = (await data.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!;
  return { id: key.AccessKeyId!, secret: key.SecretAccessKey! };
}

/** The CI job: a factory signing with its own key. */
function ciJob(sandbox: Sandbox, key: { id: string; secret: string }): ClientFactory {
  return new ClientFactory(
    {
      region: 'eu-west-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: key.id, secretAccessKey: key.secret },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

export interface IamUsersStoryResult {
  files: string[];
  calls: number;
}

/** What the chapters share: the sandbox, the current admin factory (a new one after the clock jumps), the files. */
interface Story {
  sandbox: Sandbox;
  report: StoryReporter;
  factory: ClientFactory;
  factories: ClientFactory[];
  file: (name: string) => string;
  write: (name: string, text: string) => void;
  files: string[];
}

function adminFactory(sandbox: Sandbox): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'orgward', secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

/** Moves the sandbox clock; the SDK keeps session credentials by the real clock, so a new factory. */
function later(story: Story, ms: number): void {
  story.sandbox.advanceClock(ms);
  story.factory = adminFactory(story.sandbox);
  story.factories.push(story.factory);
}

/** Chapters 1–3: the inventory, the Identity Center side merged into org.yaml, plan and apply. */
async function moveThePeople(story: Story): Promise<void> {
  const { report, factory, sandbox, file, write } = story;
  report.chapter('1. Every IAM user of the organization, and what kind it is', 'orgward iam-users inventory');
  const inventory = await inventoryIamUsers({ factory, now: sandbox.now() });
  report.text(renderInventory(inventory, 'table'));
  write('iam-users.html', renderInventory(inventory, 'html'));
  write('iam-users.json', renderInventory(inventory, 'json'));

  report.chapter(
    '2. The Identity Center side, merged into org.yaml',
    'orgward import && orgward iam-users plan --to-identity-center --merge org.yaml',
  );
  const imported = await importOrganization({ factory });
  for (const [name, text] of imported.files) {
    mkdirSync(join(file(name), '..'), { recursive: true });
    write(name, text);
  }
  const { proposal } = await planIamUsersMove({ factory, now: sandbox.now() });
  const fragment = fragmentOf(proposal);
  report.text(renderProposal(proposal, fragment));
  const merged = mergeIdentityCenterFragment('org.yaml', readFileSync(file('org.yaml'), 'utf8'), fragment);
  writeFileSync(file('org.yaml'), merged.text);

  report.chapter('3. People get their access through Identity Center', 'orgward plan && orgward apply');
  const changes = await plan({ config: file('org.yaml'), factory });
  report.text(changes.plan.operations.map((o) => `  + ${o.summary}`).join('\n'));
  const applied = await apply({
    config: changes.plan,
    factory,
    confirmed: true,
    poll: { accountsMs: 10, identityCenterMs: 10 },
  });
  report.text(`  ${applied.done} done, ${applied.failed} failed`);
}

async function retire(story: Story, phase: RetirePhase, users: string[] = []): Promise<IamRetireRun> {
  const run = await retireIamUsers({
    factory: story.factory,
    phase,
    selection: { users, accounts: [], dormantDays: undefined },
    confirmed: true,
    journal: story.file('iam-users-journal.jsonl'),
    now: story.sandbox.now(),
  });
  story.report.text(run.agreed ? renderRetireRun(run) : renderRetirePlan(run.plan, { dryRun: true }));
  return run;
}

/** Chapters 4–7: deactivate, the CI job's key used again, delete after the soak, rollback. */
async function retireTheUsers(story: Story, ciKey: { id: string; secret: string }): Promise<void> {
  const { report } = story;
  report.chapter(
    '4. Deactivate: keys off, console passwords removed, what was done tagged on each user',
    'orgward iam-users retire --phase deactivate --yes',
  );
  await retire(story, 'deactivate');

  report.chapter('5. A day later the CI job breaks; someone turns its key back on and it runs again');
  later(story, DAY_MS);
  const data = story.factory.assumeRole(IAM_DEMO_ACCOUNTS.Data, ROLE).iam();
  await data.send(new UpdateAccessKeyCommand({ UserName: 'ci', AccessKeyId: ciKey.id, Status: 'Active' }));
  await ciJob(story.sandbox, ciKey).s3().send(new ListBucketsCommand({}));
  await data.send(new UpdateAccessKeyCommand({ UserName: 'ci', AccessKeyId: ciKey.id, Status: 'Inactive' }));
  report.text(
    '  (aws iam update-access-key --status Active …; the job calls S3 with the key; the key is turned off again)',
  );

  report.chapter(
    '6. Two weeks later: delete in the IAM API order, except the user that was used',
    'orgward iam-users retire --phase delete --yes',
  );
  later(story, 14 * DAY_MS);
  await retire(story, 'delete');

  report.chapter(
    '7. The CI job gets its key back until it moves to a role',
    'orgward iam-users retire --phase rollback --user Data/ci --yes',
  );
  await retire(story, 'rollback', ['Data/ci']);
}

/** Runs the story (see the module comment) on a fresh in-process sandbox. */
export async function runIamUsersStory(outDir: string, report: StoryReporter): Promise<IamUsersStoryResult> {
  mkdirSync(outDir, { recursive: true });
  const sandbox = new Sandbox();
  sandbox.loadDocument(iamUsersWorld());
  const factory = adminFactory(sandbox);
  const files: string[] = [];
  const file = (name: string) => join(outDir, name);
  const story: Story = {
    sandbox,
    report,
    factory,
    factories: [factory],
    file,
    write: (name, text) => {
      writeFileSync(file(name), text);
      files.push(file(name));
    },
    files,
  };
  const ciKey = await groupPoliciesAndKey(factory);
  await ciJob(sandbox, ciKey).s3().send(new ListBucketsCommand({}));
  await moveThePeople(story);
  await retireTheUsers(story, ciKey);
  files.push(file('iam-users-journal.jsonl'));
  return { files, calls: story.factories.reduce((sum, f) => sum + f.stats.snapshot().calls, 0) };
}
