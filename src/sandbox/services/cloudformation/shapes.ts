/** Output shapes, as the CloudFormation model names their members. */
import type { Scope } from './access.js';
import {
  stackSetArn,
  stackSetId,
  type OperationTarget,
  type StackInstanceState,
  type StackSetOperationState,
  type StackSetState,
} from './state.js';

const autoDeployment = (set: StackSetState) =>
  set.permissionModel === 'SERVICE_MANAGED'
    ? {
        AutoDeployment: {
          Enabled: set.autoDeployment?.enabled ?? false,
          RetainStacksOnAccountRemoval: set.autoDeployment?.retainStacksOnAccountRemoval ?? false,
        },
      }
    : {};

const description = (set: StackSetState) => (set.description ? { Description: set.description } : {});

/** Regions the stack set has instances in, or deploys to through its OU targets, in first-seen order. */
function regionsOf(set: StackSetState): string[] {
  const regions = new Set(set.instances.map((i) => i.region));
  for (const target of Object.values(set.targets)) for (const r of target.regions) regions.add(r);
  return [...regions];
}

export function stackSetSummary(set: StackSetState) {
  return {
    StackSetName: set.name,
    StackSetId: stackSetId(set),
    ...description(set),
    Status: set.status,
    ...autoDeployment(set),
    PermissionModel: set.permissionModel,
    DriftStatus: 'NOT_CHECKED',
    ManagedExecution: { Active: set.managedExecution },
  };
}

export function stackSetShape(scope: Scope, set: StackSetState) {
  return {
    StackSetName: set.name,
    StackSetId: stackSetId(set),
    ...description(set),
    Status: set.status,
    TemplateBody: set.templateBody,
    Parameters: set.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    Capabilities: set.capabilities,
    Tags: set.tags,
    StackSetARN: stackSetArn(scope.region, scope.accountId, set),
    AdministrationRoleARN: set.administrationRoleArn,
    ExecutionRoleName: set.executionRoleName,
    StackSetDriftDetectionDetails: {
      DriftStatus: 'NOT_CHECKED',
      TotalStackInstancesCount: 0,
      DriftedStackInstancesCount: 0,
      InSyncStackInstancesCount: 0,
      InProgressStackInstancesCount: 0,
      FailedStackInstancesCount: 0,
    },
    ...autoDeployment(set),
    PermissionModel: set.permissionModel,
    ...(set.permissionModel === 'SERVICE_MANAGED' ? { OrganizationalUnitIds: Object.keys(set.targets) } : {}),
    ManagedExecution: { Active: set.managedExecution },
    Regions: regionsOf(set),
  };
}

function instanceCommon(set: StackSetState, i: StackInstanceState) {
  return {
    StackSetId: stackSetId(set),
    Region: i.region,
    Account: i.account,
    StackId: i.stackId,
  };
}

function instanceStatus(i: StackInstanceState) {
  return {
    Status: i.status,
    StatusReason: i.statusReason,
    StackInstanceStatus: { DetailedStatus: i.detailedStatus },
    OrganizationalUnitId: i.ouId,
    DriftStatus: 'NOT_CHECKED',
    LastOperationId: i.lastOperationId,
  };
}

export function instanceSummary(set: StackSetState, i: StackInstanceState) {
  return { ...instanceCommon(set, i), ...instanceStatus(i) };
}

export function instanceShape(set: StackSetState, i: StackInstanceState) {
  return {
    ...instanceCommon(set, i),
    ParameterOverrides: i.parameterOverrides.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    ...instanceStatus(i),
  };
}

const failedCount = (op: StackSetOperationState) => ({
  StatusDetails: { FailedStackInstancesCount: op.targets.filter((t) => t.status === 'FAILED').length },
});

const ended = (op: StackSetOperationState) => (op.endedAt ? { EndTimestamp: new Date(op.endedAt) } : {});

export function operationSummary(op: StackSetOperationState) {
  return {
    OperationId: op.id,
    Action: op.action,
    Status: op.status,
    CreationTimestamp: new Date(op.createdAt),
    ...ended(op),
    StatusReason: op.statusReason,
    ...failedCount(op),
    OperationPreferences: op.preferences,
  };
}

export function operationShape(set: StackSetState, op: StackSetOperationState) {
  const targets = op.deploymentTargets;
  return {
    OperationId: op.id,
    StackSetId: stackSetId(set),
    Action: op.action,
    Status: op.status,
    OperationPreferences: op.preferences,
    RetainStacks: op.retainStacks,
    AdministrationRoleARN: set.administrationRoleArn,
    ExecutionRoleName: set.executionRoleName,
    CreationTimestamp: new Date(op.createdAt),
    ...ended(op),
    ...(targets
      ? {
          DeploymentTargets: {
            Accounts: targets.accounts,
            OrganizationalUnitIds: targets.ouIds,
            AccountFilterType: targets.accountFilterType,
          },
        }
      : {}),
    StatusReason: op.statusReason,
    ...failedCount(op),
  };
}

export function resultSummary(target: OperationTarget) {
  return {
    Account: target.account,
    Region: target.region,
    Status: target.status,
    StatusReason: target.reason,
    // No AWSCloudFormationStackSetAccountGate function exists in the target, so the gate is skipped.
    AccountGateResult: {
      Status: 'SKIPPED',
      StatusReason: `Function not found: arn:aws:lambda:${target.region}:${target.account}:function:AWSCloudFormationStackSetAccountGate`,
    },
    OrganizationalUnitId: target.ouId,
  };
}
