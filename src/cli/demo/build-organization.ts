/**
 * The demo's small organization, built through the AWS SDK exactly as against AWS. Each step reports
 * its AWS CLI equivalent, so a reader learns what happens underneath.
 */
import { OrgwardError } from '../../errors/index.js';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  ListRootsCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { createAccountAndWait } from '../../apply/create-account.js';
import type { ClientFactory } from '../../aws/clients.js';
import { mapLimit } from '../../util/pool.js';

export interface DemoStep {
  title: string;
  command: string;
}

const OU_TREE: Array<{ path: string[] }> = [
  { path: ['Security'] },
  { path: ['Infrastructure'] },
  { path: ['Workloads'] },
  { path: ['Workloads', 'Prod'] },
  { path: ['Workloads', 'Dev'] },
  { path: ['Sandbox'] },
];

const ACCOUNTS = [
  { name: 'Log Archive', email: 'aws+log-archive@example.com', ou: 'Security' },
  { name: 'Security Tooling', email: 'aws+security@example.com', ou: 'Security' },
  { name: 'Network', email: 'aws+network@example.com', ou: 'Infrastructure' },
  { name: 'Shop Prod', email: 'aws+shop-prod@example.com', ou: 'Workloads/Prod' },
  { name: 'Shop Dev', email: 'aws+shop-dev@example.com', ou: 'Workloads/Dev' },
  { name: 'Playground', email: 'aws+playground@example.com', ou: 'Sandbox' },
];

const DENY_LEAVE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyLeaveOrganization',
      Effect: 'Deny',
      Action: 'organizations:LeaveOrganization',
      Resource: '*',
    },
  ],
});

export async function buildDemoOrganization(
  factory: ClientFactory,
  step: (s: DemoStep) => void,
): Promise<void> {
  const client = factory.organizations();
  step({
    title: 'Create the organization (all features)',
    command: 'aws organizations create-organization --feature-set ALL',
  });
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  if (!rootId) throw new OrgwardError('INTERNAL', 'the new organization has no root', { source: 'internal' });

  step({
    title: `Build the OU tree (${OU_TREE.length} OUs, nested)`,
    command: 'aws organizations create-organizational-unit --parent-id <parent> --name <name>',
  });
  const ouIds = new Map<string, string>([['', rootId]]);
  for (const { path } of OU_TREE) {
    const parentId = ouIds.get(path.slice(0, -1).join('/'))!;
    const created = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: path[path.length - 1]! }),
    );
    ouIds.set(path.join('/'), created.OrganizationalUnit!.Id!);
  }

  step({
    title: `Create ${ACCOUNTS.length} member accounts (asynchronous, polled until SUCCEEDED)`,
    command:
      'aws organizations create-account --account-name <name> --email <email>; describe-create-account-status',
  });
  // AWS runs at most 5 CreateAccount requests at a time.
  const created = await mapLimit(ACCOUNTS, 5, async (account) => ({
    ...account,
    id: await createAccountAndWait(
      client,
      { name: account.name, email: account.email },
      { initialIntervalMs: 50 },
    ),
  }));

  step({
    title: 'Move each account into its OU',
    command:
      'aws organizations move-account --account-id <id> --source-parent-id <root> --destination-parent-id <ou>',
  });
  await mapLimit(created, 4, (account) =>
    client.send(
      new MoveAccountCommand({
        AccountId: account.id,
        SourceParentId: rootId,
        DestinationParentId: ouIds.get(account.ou)!,
      }),
    ),
  );

  step({
    title: 'Create an SCP that stops members leaving, and attach it to the root',
    command:
      'aws organizations create-policy --type SERVICE_CONTROL_POLICY ...; attach-policy --target-id <root>',
  });
  const policy = await client.send(
    new CreatePolicyCommand({
      Name: 'DenyLeaveOrganization',
      Description: 'members cannot leave',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: DENY_LEAVE,
    }),
  );
  await client.send(
    new AttachPolicyCommand({ PolicyId: policy.Policy!.PolicySummary!.Id!, TargetId: rootId }),
  );
}
