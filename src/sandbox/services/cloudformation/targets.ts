/**
 * How a request's targets become account × region pairs:
 *
 * - self-managed: `Accounts` (or `DeploymentTargets.Accounts`) × `Regions`;
 * - service-managed: `DeploymentTargets.OrganizationalUnitIds` (OUs or the root) expanded to the ACTIVE
 *   accounts below them, nested OUs included, the management account never; `DeploymentTargets.Accounts`
 *   with `AccountFilterType` INTERSECTION / DIFFERENCE / UNION narrows or widens that.
 */
import type { CallContext } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { OrgTree, validationError, type Scope } from './access.js';
import type { DeploymentTargetsInput } from './inputs.js';
import type { PermissionModel, StackInstanceState, StackSetState } from './state.js';

const selfManagedOnlyAccounts = () =>
  validationError('StackSets with SELF_MANAGED permission model can only have accounts as target');
const serviceManagedOnlyOus = () =>
  validationError(
    'StackSets with SERVICE_MANAGED permission model can only have OrganizationalUnit as target',
  );

export interface Pair {
  account: string;
  region: string;
  ouId?: string;
}

export interface Selection {
  regions: string[] | undefined;
  accounts: string[] | undefined;
  targets: DeploymentTargetsInput | undefined;
  model: PermissionModel;
  /** Update and delete select existing instances; create names new account × region pairs. */
  existingOnly: boolean;
}

function treeOf(ctx: CallContext, scope: Scope): OrgTree | undefined {
  const org = organizationOf(ctx.world, scope.accountId);
  return org ? new OrgTree(org) : undefined;
}

/**
 * The account × region pairs a request names (see the module comment). With `existingOnly`, the
 * stack set's instances it names.
 */
export function instanceTargets(ctx: CallContext, scope: Scope, set: StackSetState, s: Selection): Pair[] {
  if (!s.regions?.length) throw validationError('Regions must be specified and must not be empty');
  const regions = s.regions;
  if (s.model === 'SELF_MANAGED') {
    if (s.targets?.ouIds?.length) throw selfManagedOnlyAccounts();
    if (s.accounts && s.targets?.accounts)
      throw validationError('Specify either Accounts or DeploymentTargets, not both');
    const accounts = s.accounts ?? s.targets?.accounts;
    if (!accounts?.length) throw validationError('Accounts must be specified and must not be empty');
    if (s.existingOnly)
      return set.instances
        .filter((i) => accounts.includes(i.account) && regions.includes(i.region))
        .map((i) => ({ account: i.account, region: i.region }));
    return accounts.flatMap((account) => regions.map((region) => ({ account, region })));
  }

  if (s.accounts) throw serviceManagedOnlyOus();
  const ouIds = s.targets?.ouIds;
  if (!ouIds?.length) throw serviceManagedOnlyOus();
  const filter = s.targets?.accountFilterType ?? 'NONE';
  const listed = s.targets?.accounts ?? [];
  if (listed.length > 0 && s.targets?.accountFilterType === undefined)
    throw validationError(
      'AccountFilterType should be specified when both OrganizationalUnitIds and Accounts are provided',
    );
  const keep = (account: string) =>
    filter === 'INTERSECTION'
      ? listed.includes(account)
      : filter === 'DIFFERENCE'
        ? !listed.includes(account)
        : true;
  const tree = treeOf(ctx, scope);

  if (s.existingOnly) {
    const under = new Map(ouIds.map((ou) => [ou, new Set(tree?.accountsUnder(ou) ?? [])]));
    const inOus = (i: StackInstanceState) =>
      ouIds.some((ou) => i.ouId === ou || under.get(ou)!.has(i.account));
    return set.instances
      .filter((i) => regions.includes(i.region))
      .filter((i) => (inOus(i) && keep(i.account)) || (filter === 'UNION' && listed.includes(i.account)))
      .map((i) => ({ account: i.account, region: i.region, ...(i.ouId ? { ouId: i.ouId } : {}) }));
  }

  const missing = ouIds.filter((ou) => !tree?.exists(ou));
  if (missing.length > 0 || !tree)
    throw validationError(`OrganizationalUnitIds [${missing.join(', ')}] do not exist in the organization`);
  const accounts = new Map<string, string>();
  for (const ou of ouIds)
    for (const account of tree.accountsUnder(ou))
      if (keep(account) && !accounts.has(account)) accounts.set(account, ou);
  if (filter === 'UNION')
    for (const account of listed) {
      const parent = tree.parentOf(account);
      if (parent && account !== tree.org.managementAccountId && !accounts.has(account))
        accounts.set(account, parent);
    }
  return [...accounts].flatMap(([account, ouId]) => regions.map((region) => ({ account, region, ouId })));
}

/** The request's DeploymentTargets as the operation records them. */
export function operationTargets(targets: DeploymentTargetsInput | undefined) {
  if (!targets) return {};
  return {
    deploymentTargets: {
      ...(targets.accounts ? { accounts: targets.accounts } : {}),
      ...(targets.ouIds ? { ouIds: targets.ouIds } : {}),
      ...(targets.accountFilterType ? { accountFilterType: targets.accountFilterType } : {}),
    },
  };
}
