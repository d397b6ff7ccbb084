/** Reads the whole organization into an {@link OrgSnapshot}. Reading changes nothing in AWS. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { SNAPSHOT_VERSION, type Gap, type OrgSnapshot } from '../model/snapshot.js';
import { readIdentityCenter, type IdentityCenterRead } from './identity-center.js';
import type { ReadOptions } from './options.js';
import { readOrganizationPart } from './organization.js';

export interface SnapshotRead {
  snapshot: OrgSnapshot;
  assignmentStrategy: IdentityCenterRead['strategy'];
}

export async function readSnapshot(
  factory: ClientFactory,
  options: ReadOptions & { now?: () => Date } = {},
): Promise<SnapshotRead> {
  const gaps: Gap[] = [];
  const identity = await factory.sts().send(new GetCallerIdentityCommand({}));
  const callerAccountId = identity.Account ?? '';
  const org = await readOrganizationPart(factory, gaps, options);
  const ic = await readIdentityCenter(
    factory,
    gaps,
    { callerIsManagementAccount: callerAccountId === org.organization.managementAccountId },
    options,
  );
  const snapshot: OrgSnapshot = {
    version: SNAPSHOT_VERSION,
    takenAt: (options.now ?? (() => new Date()))().toISOString(),
    source: {
      callerAccountId,
      callerArn: identity.Arn ?? '',
      region: factory.target.region,
      endpoint: factory.target.endpoint ?? null,
    },
    ...org,
    identityCenter: ic.identityCenter,
    gaps,
  };
  return { snapshot, assignmentStrategy: ic.strategy };
}
