/** Reads the whole organization into an {@link OrgSnapshot}. Reading changes nothing in AWS. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { SNAPSHOT_VERSION, type Gap, type OrgSnapshot } from '../model/snapshot.js';
import { readIdentityCenter, type IdentityCenterRead } from './identity-center.js';
import type { ReadOptions } from './options.js';
import { describeOrganization, readOrganizationPart } from './organization.js';

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
  const described = await describeOrganization(factory);
  // The organization and Identity Center draw on separate AWS rate buckets: read them side by side.
  const [org, ic] = await Promise.all([
    readOrganizationPart(factory, gaps, options, described),
    options.identityCenter === false
      ? { identityCenter: null, strategy: null }
      : readIdentityCenter(
          factory,
          gaps,
          { callerIsManagementAccount: callerAccountId === described?.MasterAccountId },
          options,
        ),
  ]);
  gaps.sort((a, b) => a.part.localeCompare(b.part));
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
