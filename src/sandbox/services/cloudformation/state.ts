/**
 * CloudFormation StackSets state per account and region: `account.services.cloudformation[region]`.
 *
 * `stackSets` holds the ACTIVE stack sets by name (a name is unique among them); `deleted` keeps the
 * DELETED ones, which ListStackSets still shows and whose names may be reused. A stack set keeps its
 * instances, the organization targets it deploys to (service-managed) and its operations, oldest first.
 * Stack sets created by a delegated administrator (`CallAs DELEGATED_ADMIN`) live in the management
 * account, as in AWS.
 */
import { randomUuid } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'cloudformation';

export type PermissionModel = 'SELF_MANAGED' | 'SERVICE_MANAGED';
export type InstanceStatus = 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
export type DetailedStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'INOPERABLE'
  | 'SKIPPED_SUSPENDED_ACCOUNT'
  | 'FAILED_IMPORT';
export type OperationAction = 'CREATE' | 'UPDATE' | 'DELETE';
export type OperationStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPED';
export type ResultStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface StackInstanceState {
  account: string;
  region: string;
  /** Service-managed: the targeted OU (or root) the account was deployed through. */
  ouId?: string;
  stackId: string;
  status: InstanceStatus;
  detailedStatus: DetailedStatus;
  statusReason?: string;
  lastOperationId?: string;
  parameterOverrides: Parameter[];
}

export interface Parameter {
  key: string;
  value: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

/** A service-managed deployment target: an OU (or the root) and the regions deployed to under it. */
export interface OuTarget {
  regions: string[];
  /**
   * The accounts under the OU at the last look (automatic deployment acts on the difference). Undefined
   * until the target is first expanded (a seeded target whose organization is built later).
   */
  seen?: string[];
}

export interface OperationPreferences {
  RegionConcurrencyType?: string;
  RegionOrder?: string[];
  FailureToleranceCount?: number;
  FailureTolerancePercentage?: number;
  MaxConcurrentCount?: number;
  MaxConcurrentPercentage?: number;
  ConcurrencyMode?: string;
}

export interface OperationTarget {
  account: string;
  region: string;
  ouId?: string;
  status: ResultStatus;
  reason?: string;
}

export interface StackSetOperationState {
  id: string;
  action: OperationAction;
  status: OperationStatus;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  /** Reads that saw the operation RUNNING (one read is enough for it to settle). */
  polls: number;
  retainStacks?: boolean;
  preferences?: OperationPreferences;
  deploymentTargets?: { accounts?: string[]; ouIds?: string[]; accountFilterType?: string };
  targets: OperationTarget[];
  /** UPDATE: the template or parameters changed, so every instance is OUTDATED until updated. */
  templateChanged?: boolean;
  /** CREATE: parameter values the new instances override. */
  parameterOverrides?: Parameter[];
  statusReason?: string;
}

export interface StackSetState {
  name: string;
  /** The UUID part of the StackSetId (`name:uuid`). */
  uuid: string;
  status: 'ACTIVE' | 'DELETED';
  description?: string;
  permissionModel: PermissionModel;
  autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  /** Undefined when the stack set was made from a TemplateURL the sandbox cannot read. */
  templateBody?: string;
  parameters: Parameter[];
  capabilities: Capability[];
  tags: Tag[];
  administrationRoleArn?: string;
  executionRoleName?: string;
  managedExecution: boolean;
  /** Service-managed targets by OU or root id. */
  targets: Record<string, OuTarget>;
  instances: StackInstanceState[];
  operations: StackSetOperationState[];
  createdAt: string;
}

export interface CfnRegionState {
  stackSets: Record<string, StackSetState>;
  deleted: StackSetState[];
}

export function cfnState(account: AccountRecord, region: string): CfnRegionState {
  const state = regionalState<CfnRegionState>(account, KEY, region, () => ({ stackSets: {}, deleted: [] }));
  state.deleted ??= [];
  return state;
}

export function peekCfn(account: AccountRecord | undefined, region: string): CfnRegionState | undefined {
  return peekRegional<CfnRegionState>(account, KEY, region);
}

export const stackSetId = (set: Pick<StackSetState, 'name' | 'uuid'>) => `${set.name}:${set.uuid}`;

export const stackSetArn = (region: string, accountId: string, set: Pick<StackSetState, 'name' | 'uuid'>) =>
  `arn:aws:cloudformation:${region}:${accountId}:stackset/${stackSetId(set)}`;

export function newStackId(world: World, set: Pick<StackSetState, 'name'>, account: string, region: string) {
  return `arn:aws:cloudformation:${region}:${account}:stack/StackSet-${set.name}-${randomUuid(world)}/${randomUuid(world)}`;
}

/** A RUNNING operation, if any (at most one at a time). */
export const runningOperation = (set: StackSetState) => set.operations.find((o) => o.status === 'RUNNING');

/**
 * Fills what stack sets saved by the first sandbox version lack (`id`, `ouIds`, no operations), so
 * state files written then still load.
 */
export function upgradeStackSet(set: StackSetState): StackSetState {
  const legacy = set as StackSetState & { id?: string; ouIds?: string[] };
  if (legacy.uuid === undefined) legacy.uuid = legacy.id ?? '00000000-0000-4000-8000-000000000000';
  if (legacy.operations === undefined) {
    set.operations = [];
    set.parameters ??= [];
    set.capabilities ??= [];
    set.tags ??= [];
    set.managedExecution ??= false;
    set.createdAt ??= new Date(0).toISOString();
    set.targets ??= Object.fromEntries(
      (legacy.ouIds ?? []).map((ou) => [ou, { regions: [...new Set(set.instances.map((i) => i.region))] }]),
    );
    for (const instance of set.instances) {
      instance.stackId ??= `arn:aws:cloudformation:${instance.region}:${instance.account}:stack/StackSet-${set.name}/${set.uuid}`;
      instance.parameterOverrides ??= [];
    }
    delete legacy.id;
    delete legacy.ouIds;
  }
  return set;
}
