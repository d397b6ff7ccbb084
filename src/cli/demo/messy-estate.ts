/**
 * The demo's starting point: an organization as many are before anyone governs it. Every account at the
 * root, no guardrails, no organization trail, GuardDuty and Security Hub off; people sign in as IAM users
 * (in the management account too, which also runs the shop's first web servers, load balancer and database); member accounts bought through a reseller
 * still have root passwords and access keys. Built through the AWS SDK, with a world document for what
 * the SDK cannot create (root credentials of member accounts, aged keys).
 */
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { createAccountAndWait } from '../../apply/create-account.js';
import type { ClientFactory } from '../../aws/clients.js';
import { mapLimit } from '../../util/pool.js';
import type { DemoStep } from './build-organization.js';

export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'];

export const WORKLOAD_ACCOUNTS = [
  { name: 'Shop Prod', email: 'aws+shop-prod@example.com', placement: 'Workloads/Prod' },
  { name: 'Shop Dev', email: 'aws+shop-dev@example.com', placement: 'Workloads/Dev' },
  { name: 'Data Platform', email: 'aws+data@example.com', placement: 'Workloads/Prod' },
  { name: 'Playground', email: 'aws+playground@example.com', placement: 'Sandbox' },
];

export interface MessyEstate {
  managementId: string;
  /** Account name → id. */
  ids: Record<string, string>;
  /** The world document layered on top (root credentials, IAM users, workloads). */
  world: unknown;
}

export async function buildMessyEstate(
  factory: ClientFactory,
  step: (s: DemoStep) => void,
): Promise<MessyEstate> {
  const orgs = factory.organizations();
  step({
    title: 'Create the organization',
    command: 'aws organizations create-organization --feature-set ALL',
  });
  const created = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const managementId = created.Organization?.MasterAccountId ?? '';
  step({
    title: `Create ${WORKLOAD_ACCOUNTS.length} member accounts, all at the root`,
    command: 'aws organizations create-account --account-name <name> --email <email>',
  });
  const accounts = await mapLimit(WORKLOAD_ACCOUNTS, 5, async (a) => ({
    name: a.name,
    id: await createAccountAndWait(orgs, { name: a.name, email: a.email }, { initialIntervalMs: 20 }),
  }));
  const ids = Object.fromEntries(accounts.map((a) => [a.name, a.id]));
  const resold = { password: true, accessKeys: [{ ageDays: 700, lastUsedDaysAgo: 200 }] };
  const world = {
    accounts: {
      [managementId]: {
        rootCredentials: { password: true, mfa: 'virtual' },
        // the shop started here, before there was an organization
        regions: {
          'us-east-1': {
            instances: [
              { name: 'shop-web', count: 2, type: 't3.large' },
              { name: 'jenkins', type: 'm5.xlarge' },
            ],
            loadBalancers: [{ name: 'shop-web' }],
            dbInstances: [{ id: 'shop-db', engine: 'postgres', storageEncrypted: false }],
          },
        },
        iamUsers: {
          alice: { password: true, mfa: 'virtual' },
          bob: { password: true, accessKeys: [{ ageDays: 400, lastUsedDaysAgo: 2 }] },
          'ci-deploy': { accessKeys: [{ ageDays: 250, lastUsedDaysAgo: 1 }] },
        },
      },
      [ids['Shop Prod']!]: { rootCredentials: resold, iamUsers: { carol: { password: true } } },
      [ids['Shop Dev']!]: { rootCredentials: { ...resold, mfa: 'virtual' } },
      [ids['Data Platform']!]: { rootCredentials: { password: true, signingCertificates: 1 } },
      [ids.Playground!]: { rootCredentials: { password: true } },
    },
  };
  step({
    title:
      'As found: IAM users with passwords, root passwords and keys in member accounts (bought through a reseller)',
    command: '(seeded into the sandbox: AWS has no API that creates member root credentials)',
  });
  return { managementId, ids: { ...ids, Management: managementId }, world };
}
