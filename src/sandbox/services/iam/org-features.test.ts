/** Centralized root access switches and each prerequisite error, through the SDK. */
import {
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { failure, putTestOrganization, type TestOrganization } from './testing.js';

const MANAGEMENT = '111111111111';
const SECURITY = '222222222222';
const MEMBER = '333333333333';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('IAM organizations features over %s', (name) => {
  let target: Target;
  const iamAs = (accountId: string) =>
    new IAMClient({ ...target.config({ accessKeyId: accountId }), maxAttempts: 1 });
  const organize = (spec: Partial<TestOrganization> = {}) =>
    putTestOrganization(target.sandbox!.world, {
      managementAccountId: MANAGEMENT,
      memberAccountIds: [SECURITY, MEMBER],
      trustedServices: ['iam.amazonaws.com'],
      delegatedAdmins: [{ accountId: SECURITY, servicePrincipal: 'iam.amazonaws.com' }],
      ...spec,
    });
  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(() => target.reset());
  afterAll(() => target.close());

  it('enables from the management account, lists and disables from the delegated administrator', async () => {
    const org = organize();
    expect(await iamAs(MANAGEMENT).send(new ListOrganizationsFeaturesCommand({}))).toMatchObject({
      OrganizationId: org.id,
      EnabledFeatures: [],
    });
    await iamAs(MANAGEMENT).send(new EnableOrganizationsRootSessionsCommand({}));
    const enabled = await iamAs(MANAGEMENT).send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    expect(enabled.EnabledFeatures).toEqual(['RootCredentialsManagement', 'RootSessions']);
    expect((await iamAs(SECURITY).send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures).toEqual([
      'RootCredentialsManagement',
      'RootSessions',
    ]);
    await iamAs(SECURITY).send(new DisableOrganizationsRootSessionsCommand({}));
    const after = await iamAs(SECURITY).send(new DisableOrganizationsRootCredentialsManagementCommand({}));
    expect(after.EnabledFeatures).toEqual([]);
    expect(target.sandbox!.world.organizations[org.id]!.iamFeatures).toEqual([]);
  });

  it('answers each prerequisite error with its own exception', async () => {
    expect(await failure(iamAs(MANAGEMENT).send(new ListOrganizationsFeaturesCommand({})))).toMatchObject({
      name: 'OrganizationNotFoundException',
      status: 400,
    });
    organize({ trustedServices: [] });
    expect((await failure(iamAs(MANAGEMENT).send(new ListOrganizationsFeaturesCommand({})))).name).toBe(
      'ServiceAccessNotEnabledException',
    );
    expect((await failure(iamAs(MEMBER).send(new ListOrganizationsFeaturesCommand({})))).name).toBe(
      'AccountNotManagementOrDelegatedAdministratorException',
    );
    expect((await failure(iamAs(SECURITY).send(new EnableOrganizationsRootSessionsCommand({})))).name).toBe(
      'CallerIsNotManagementAccountException',
    );
    await target.reset();
    organize({ featureSet: 'CONSOLIDATED_BILLING' });
    expect(
      (await failure(iamAs(MANAGEMENT).send(new EnableOrganizationsRootCredentialsManagementCommand({}))))
        .name,
    ).toBe('OrganizationNotInAllFeaturesModeException');
  });
});
