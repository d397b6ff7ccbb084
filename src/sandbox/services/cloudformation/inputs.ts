/** Reading StackSets request members (awsQuery: everything arrives as strings, lists and records). */
import type { AwsError } from '../../errors.js';
import { optBool, optInt, optList, optRecord, optString, tagList, type Input } from '../../input.js';
import type { CallContext } from '../../service.js';
import { randomUuid } from '../../rng.js';
import { validationError } from './access.js';
import {
  CAPABILITIES,
  type Capability,
  type OperationPreferences,
  type Parameter,
  type Tag,
} from './state.js';

const NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const ACCOUNT = /^[0-9]{12}$/;
const REGION = /^[a-zA-Z0-9-]{1,128}$/;
const OU = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const OPERATION_ID = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
export const MAX_TAGS = 50;

/** AWS's wording for a member that breaks its model constraint. */
export function constraint(member: string, value: unknown, rule: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return validationError(
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );
}

const missing = (member: string) =>
  validationError(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );

/** `StackSetName` as a new name: letters, digits and hyphens, a letter first, at most 128. */
export function newStackSetName(input: Input): string {
  const name = optString(input, 'StackSetName');
  if (name === undefined) throw missing('stackSetName');
  if (!NAME.test(name))
    throw constraint('stackSetName', name, 'satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*');
  if (name.length > 128) throw constraint('stackSetName', name, 'have length less than or equal to 128');
  return name;
}

/** `StackSetName` naming an existing stack set: its name or its StackSetId. */
export function stackSetRef(input: Input): string {
  const name = optString(input, 'StackSetName');
  if (name === undefined || name === '') throw missing('stackSetName');
  return name;
}

function strings(input: Input, member: string, wire: string, pattern: RegExp, rule: string): string[] {
  const list = optList(input, member) ?? [];
  for (const item of list)
    if (typeof item !== 'string' || !pattern.test(item))
      throw constraint(wire, item, `satisfy regular expression pattern: ${rule}`);
  return [...new Set(list as string[])];
}

export function readRegions(input: Input, required: boolean): string[] | undefined {
  if (input.Regions === undefined) {
    if (required) throw missing('regions');
    return undefined;
  }
  return strings(input, 'Regions', 'regions', REGION, '^[a-zA-Z0-9-]{1,128}$');
}

export function readAccounts(input: Input, member = 'Accounts'): string[] | undefined {
  if (input[member] === undefined) return undefined;
  return strings(input, member, member.toLowerCase(), ACCOUNT, '^[0-9]{12}$');
}

export interface DeploymentTargetsInput {
  accounts?: string[];
  ouIds?: string[];
  accountFilterType?: 'NONE' | 'INTERSECTION' | 'DIFFERENCE' | 'UNION';
}

export function readDeploymentTargets(input: Input): DeploymentTargetsInput | undefined {
  const raw = optRecord(input, 'DeploymentTargets');
  if (!raw) return undefined;
  if (raw.AccountsUrl !== undefined)
    throw validationError('DeploymentTargets.AccountsUrl is not supported by the sandbox; list the Accounts');
  const accounts = readAccounts(raw);
  const ouIds =
    raw.OrganizationalUnitIds === undefined
      ? undefined
      : strings(
          raw,
          'OrganizationalUnitIds',
          'deploymentTargets.organizationalUnitIds',
          OU,
          '^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$',
        );
  const accountFilterType = optString(raw, 'AccountFilterType', {
    oneOf: ['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION'],
  });
  return {
    ...(accounts ? { accounts } : {}),
    ...(ouIds ? { ouIds } : {}),
    ...(accountFilterType ? { accountFilterType } : {}),
  };
}

export function readCapabilities(input: Input): Capability[] | undefined {
  const list = optList(input, 'Capabilities');
  if (list === undefined) return undefined;
  for (const item of list)
    if (typeof item !== 'string' || !(CAPABILITIES as readonly string[]).includes(item))
      throw constraint('capabilities', item, `satisfy enum value set: [${CAPABILITIES.join(', ')}]`);
  return [...new Set(list as Capability[])];
}

/** `Parameters` (or `ParameterOverrides`); `UsePreviousValue` takes the value from `previous`. */
export function readParameters(
  input: Input,
  member: string,
  previous: readonly Parameter[] = [],
): Parameter[] | undefined {
  const list = optList(input, member);
  if (list === undefined) return undefined;
  return list.map((item) => {
    if (typeof item !== 'object' || item === null) throw constraint(member, item, 'be a Parameter');
    const p = item as Input;
    const key = optString(p, 'ParameterKey');
    if (!key) throw validationError(`${member}: every parameter needs a ParameterKey`);
    if (optBool(p, 'UsePreviousValue') === true) {
      const before = previous.find((q) => q.key === key);
      if (!before) throw validationError(`Parameters: [${key}] have no previous value to use`);
      return { key, value: before.value };
    }
    return { key, value: optString(p, 'ParameterValue') ?? '' };
  });
}

export function readTags(input: Input): Tag[] | undefined {
  if (input.Tags === undefined) return undefined;
  const tags = tagList(input);
  if (tags.length > MAX_TAGS)
    throw validationError(`1 validation error detected: Tags must have at most ${MAX_TAGS} members`);
  return tags;
}

export function readAutoDeployment(
  input: Input,
): { enabled?: boolean; retainStacksOnAccountRemoval?: boolean } | undefined {
  const raw = optRecord(input, 'AutoDeployment');
  if (!raw) return undefined;
  const enabled = optBool(raw, 'Enabled');
  const retain = optBool(raw, 'RetainStacksOnAccountRemoval');
  return {
    ...(enabled !== undefined ? { enabled } : {}),
    ...(retain !== undefined ? { retainStacksOnAccountRemoval: retain } : {}),
  };
}

export function readManagedExecution(input: Input): boolean | undefined {
  const raw = optRecord(input, 'ManagedExecution');
  return raw ? optBool(raw, 'Active') : undefined;
}

export function readPreferences(input: Input): OperationPreferences | undefined {
  const raw = optRecord(input, 'OperationPreferences');
  if (!raw) return undefined;
  const prefs: OperationPreferences = {
    RegionConcurrencyType: optString(raw, 'RegionConcurrencyType', { oneOf: ['SEQUENTIAL', 'PARALLEL'] }),
    RegionOrder:
      raw.RegionOrder === undefined
        ? undefined
        : strings(raw, 'RegionOrder', 'regionOrder', REGION, '^[a-zA-Z0-9-]{1,128}$'),
    FailureToleranceCount: optInt(raw, 'FailureToleranceCount', { min: 0 }),
    FailureTolerancePercentage: optInt(raw, 'FailureTolerancePercentage', { min: 0, max: 100 }),
    MaxConcurrentCount: optInt(raw, 'MaxConcurrentCount', { min: 1 }),
    MaxConcurrentPercentage: optInt(raw, 'MaxConcurrentPercentage', { min: 1, max: 100 }),
    ConcurrencyMode: optString(raw, 'ConcurrencyMode', {
      oneOf: ['STRICT_FAILURE_TOLERANCE', 'SOFT_FAILURE_TOLERANCE'],
    }),
  };
  if (prefs.FailureToleranceCount !== undefined && prefs.FailureTolerancePercentage !== undefined)
    throw validationError(
      'You can specify FailureToleranceCount or FailureTolerancePercentage, but not both',
    );
  if (prefs.MaxConcurrentCount !== undefined && prefs.MaxConcurrentPercentage !== undefined)
    throw validationError('You can specify MaxConcurrentCount or MaxConcurrentPercentage, but not both');
  const out: OperationPreferences = {};
  for (const [key, value] of Object.entries(prefs))
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** The caller's OperationId (the SDK fills one in as an idempotency token), else a new one. */
export function readOperationId(ctx: CallContext, input: Input): string {
  return (
    optString(input, 'OperationId', { min: 1, max: 128, pattern: OPERATION_ID }) ?? randomUuid(ctx.world)
  );
}

export function readRetainStacks(input: Input): boolean {
  const retain = optBool(input, 'RetainStacks');
  if (retain === undefined) throw missing('retainStacks');
  return retain;
}

export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
