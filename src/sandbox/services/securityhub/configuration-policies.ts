/**
 * Central configuration's operations: configuration policies and their associations with the root, OUs
 * and accounts. Only the delegated administrator, in its home Region, with central configuration on, may
 * call them. What an association does to the accounts it covers: central.ts.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optRecord, optString, reqString, stringList, type Input } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import { withIsoTimestamps } from '../../shared/iso-json.js';
import { isDelegatedAdmin } from '../../shared/org-access.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import { standardByArn } from './catalogue.js';
import { centralOf, governing, syncOrganization, type CentralContext } from './central.js';
import { accessDenied, conflict, invalidAccess, invalidInput, limitExceeded, notFound } from './errors.js';
import { requireHub } from './hub.js';
import {
  SECURITYHUB_PRINCIPAL,
  SELF_MANAGED,
  type ConfigurationPolicyState,
  type SecurityHubPolicyContent,
  type TargetType,
} from './state.js';

/** AWS's quota of configuration policies per administrator. */
const MAX_POLICIES = 20;
const NAME = /^[A-Za-z0-9\-.!*/]+$/;

function requireCentralAdmin(ctx: CallContext): CentralContext {
  requireHub(ctx);
  const caller = ctx.caller.accountId;
  const org = organizationOf(ctx.world, caller);
  if (!org || !isDelegatedAdmin(org, caller, SECURITYHUB_PRINCIPAL))
    throw invalidAccess(`Account ${caller} is not an administrator for this organization`);
  const cc = centralOf(ctx.world, org);
  if (!cc || cc.adminId !== caller)
    throw accessDenied('Central configuration is not enabled for this organization.');
  if (ctx.region !== cc.home)
    throw accessDenied(`This operation can only be invoked from the home Region (${cc.home}).`);
  syncOrganization(ctx.world, cc, ctx.now);
  return cc;
}

function controlsConfiguration(controls: Input): SecurityHubPolicyContent['SecurityControlsConfiguration'] {
  const has = (name: string) => optList(controls, name) !== undefined;
  const enabled = has('EnabledSecurityControlIdentifiers');
  if (enabled === has('DisabledSecurityControlIdentifiers'))
    throw invalidInput(
      'SecurityControlsConfiguration must specify exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers.',
    );
  const custom = optList(controls, 'SecurityControlCustomParameters');
  return {
    ...(enabled
      ? {
          EnabledSecurityControlIdentifiers: [
            ...new Set(stringList(controls, 'EnabledSecurityControlIdentifiers')),
          ],
        }
      : {
          DisabledSecurityControlIdentifiers: [
            ...new Set(stringList(controls, 'DisabledSecurityControlIdentifiers')),
          ],
        }),
    ...(custom ? { SecurityControlCustomParameters: custom } : {}),
  };
}

function readPolicy(raw: Input | undefined, region: string): SecurityHubPolicyContent {
  const hub = raw ? optRecord(raw, 'SecurityHub') : undefined;
  if (!hub) throw invalidInput('ConfigurationPolicy must specify SecurityHub.');
  const enabled = hub.ServiceEnabled;
  if (typeof enabled !== 'boolean') throw invalidInput('ServiceEnabled is required.');
  const standards =
    optList(hub, 'EnabledStandardIdentifiers') && stringList(hub, 'EnabledStandardIdentifiers');
  const controls = optRecord(hub, 'SecurityControlsConfiguration');
  if (!enabled) {
    if (standards?.length || controls)
      throw invalidInput(
        'A policy that disables Security Hub cannot enable standards or configure controls.',
      );
    return { ServiceEnabled: false };
  }
  if (!standards) throw invalidInput('EnabledStandardIdentifiers is required when ServiceEnabled is true.');
  for (const arn of standards)
    if (!standardByArn(arn, region)) throw invalidInput(`Invalid standard identifier: ${arn}`);
  if (!controls) throw invalidInput('SecurityControlsConfiguration is required when ServiceEnabled is true.');
  return {
    ServiceEnabled: true,
    EnabledStandardIdentifiers: [...new Set(standards)],
    SecurityControlsConfiguration: controlsConfiguration(controls),
  };
}

function readName(
  cc: CentralContext,
  input: Input,
  required: boolean,
  exceptId?: string,
): string | undefined {
  const name = required
    ? reqString(input, 'Name', { max: 128, pattern: NAME })
    : optString(input, 'Name', { max: 128, pattern: NAME });
  if (name && Object.values(cc.central.policies).some((p) => p.name === name && p.id !== exceptId))
    throw conflict(`A configuration policy named ${name} already exists.`);
  return name;
}

function findPolicy(cc: CentralContext, identifier: string): ConfigurationPolicyState {
  const policy =
    cc.central.policies[identifier] ?? Object.values(cc.central.policies).find((p) => p.arn === identifier);
  if (!policy) throw notFound(`Configuration policy ${identifier} not found.`);
  return policy;
}

const policyShape = (p: ConfigurationPolicyState) =>
  withIsoTimestamps({
    Arn: p.arn,
    Id: p.id,
    Name: p.name,
    ...(p.description ? { Description: p.description } : {}),
    UpdatedAt: new Date(p.updatedAt),
    CreatedAt: new Date(p.createdAt),
    ConfigurationPolicy: { SecurityHub: p.policy },
  });

/** A change to policies or associations: the next pass (run at once) applies it. */
function changed(ctx: CallContext, cc: CentralContext): void {
  cc.central.revision++;
  syncOrganization(ctx.world, cc, ctx.now);
}

const createPolicy: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const name = readName(cc, input, true)!;
  const description = optString(input, 'Description');
  const policy = readPolicy(optRecord(input, 'ConfigurationPolicy'), ctx.region);
  if (Object.keys(cc.central.policies).length >= MAX_POLICIES)
    throw limitExceeded(`You can create at most ${MAX_POLICIES} configuration policies.`);
  const id = randomUuid(ctx.world);
  const now = ctx.now.toISOString();
  const created: ConfigurationPolicyState = {
    id,
    arn: `arn:aws:securityhub:${ctx.region}:${cc.adminId}:configuration-policy/${id}`,
    name,
    ...(description ? { description } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
    policy,
    tags: (optRecord(input, 'Tags') ?? {}) as Record<string, string>,
  };
  cc.central.policies[id] = created;
  changed(ctx, cc);
  return policyShape(created);
};

const getPolicy: Handler = (ctx, input) =>
  policyShape(findPolicy(requireCentralAdmin(ctx), reqString(input, 'Identifier')));

const PAGE = {
  max: 100,
  defaultSize: 100,
  invalidToken: () => invalidInput('The NextToken is invalid.'),
};

const listPolicies: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const page = ctx.page(
    Object.values(cc.central.policies),
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 100 }),
    'configuration-policies',
    PAGE,
  );
  return withIsoTimestamps({
    ConfigurationPolicySummaries: page.items.map((p) => ({
      Arn: p.arn,
      Id: p.id,
      Name: p.name,
      ...(p.description ? { Description: p.description } : {}),
      UpdatedAt: new Date(p.updatedAt),
      ServiceEnabled: p.policy.ServiceEnabled,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  });
};

const updatePolicy: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const policy = findPolicy(cc, reqString(input, 'Identifier'));
  const name = readName(cc, input, false, policy.id);
  const description = optString(input, 'Description');
  const raw = optRecord(input, 'ConfigurationPolicy');
  const content = raw ? readPolicy(raw, ctx.region) : undefined;
  if (content && !content.ServiceEnabled && cc.central.associations[cc.adminId]?.policyId === policy.id)
    throw invalidInput(
      "A configuration policy that disables Security Hub can't be associated with the delegated administrator account.",
    );
  if (name) policy.name = name;
  if (description) policy.description = description;
  if (content) policy.policy = content;
  policy.updatedAt = ctx.now.toISOString();
  policy.version++;
  changed(ctx, cc);
  return policyShape(policy);
};

const deletePolicy: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const policy = findPolicy(cc, reqString(input, 'Identifier'));
  if (Object.values(cc.central.associations).some((a) => a.policyId === policy.id))
    throw conflict(
      `Configuration policy ${policy.id} is associated with targets; disassociate it with StartConfigurationPolicyDisassociation first.`,
    );
  delete cc.central.policies[policy.id];
  changed(ctx, cc);
  return {};
};

interface Target {
  id: string;
  type: TargetType;
}

/** The Target union: exactly one of AccountId, OrganizationalUnitId, RootId, naming part of the organization. */
function readTarget(org: OrganizationState, raw: Input | undefined): Target {
  const given = raw
    ? (['AccountId', 'OrganizationalUnitId', 'RootId'] as const).filter(
        (k) => raw[k] !== undefined && raw[k] !== null,
      )
    : [];
  if (!raw || given.length !== 1)
    throw invalidInput('Target must specify exactly one of AccountId, OrganizationalUnitId and RootId.');
  const key = given[0]!;
  const id = reqString(raw, key);
  const type: TargetType =
    key === 'AccountId' ? 'ACCOUNT' : key === 'RootId' ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
  const exists =
    type === 'ACCOUNT'
      ? org.members[id]?.state === 'ACTIVE'
      : type === 'ROOT'
        ? org.root.id === id
        : !!org.ous[id];
  if (!exists) throw notFound(`Target ${id} was not found in the organization.`);
  return { id, type };
}

function policyIdOf(cc: CentralContext, identifier: string): string {
  return identifier === SELF_MANAGED ? SELF_MANAGED : findPolicy(cc, identifier).id;
}

/** The association summary of a target: the configuration governing it, applied or inherited. */
function associationShape(cc: CentralContext, target: Target) {
  const gov = governing(cc.org, cc.central, target.id);
  return {
    ConfigurationPolicyId: gov?.policyId ?? SELF_MANAGED,
    TargetId: target.id,
    TargetType: target.type,
    AssociationType: gov?.type ?? 'INHERITED',
    ...(gov ? { UpdatedAt: new Date(gov.source.updatedAt) } : {}),
    // The sandbox applies associations at once: AWS shows PENDING first.
    AssociationStatus: 'SUCCESS',
  };
}

const startAssociation: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const policyId = policyIdOf(cc, reqString(input, 'ConfigurationPolicyIdentifier'));
  const target = readTarget(cc.org, optRecord(input, 'Target'));
  if (target.id === cc.adminId && cc.central.policies[policyId]?.policy.ServiceEnabled === false)
    throw invalidInput(
      "A configuration policy that disables Security Hub can't be associated with the delegated administrator account.",
    );
  cc.central.associations[target.id] = {
    targetId: target.id,
    targetType: target.type,
    policyId,
    updatedAt: ctx.now.toISOString(),
  };
  changed(ctx, cc);
  return withIsoTimestamps(associationShape(cc, target));
};

const startDisassociation: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const policyId = policyIdOf(cc, reqString(input, 'ConfigurationPolicyIdentifier'));
  const target = readTarget(cc.org, optRecord(input, 'Target'));
  if (cc.central.associations[target.id]?.policyId !== policyId)
    throw notFound(`Target ${target.id} is not associated with configuration ${policyId}.`);
  delete cc.central.associations[target.id];
  changed(ctx, cc);
  return {};
};

const getAssociation: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  return withIsoTimestamps(associationShape(cc, readTarget(cc.org, optRecord(input, 'Target'))));
};

/** Every target of the organization that an association (applied or inherited) covers. */
function coveredTargets(cc: CentralContext): Target[] {
  const { org } = cc;
  const targets: Target[] = [
    { id: org.root.id, type: 'ROOT' },
    ...Object.keys(org.ous).map((id): Target => ({ id, type: 'ORGANIZATIONAL_UNIT' })),
    ...Object.values(org.members)
      .filter((m) => m.state === 'ACTIVE')
      .map((m): Target => ({ id: m.accountId, type: 'ACCOUNT' })),
  ];
  return targets.filter((t) => governing(org, cc.central, t.id) !== undefined);
}

const listAssociations: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const filters = optRecord(input, 'Filters') ?? {};
  const policyFilter = optString(filters, 'ConfigurationPolicyId');
  const wantedPolicy = policyFilter === undefined ? undefined : policyIdOf(cc, policyFilter);
  const type = optString(filters, 'AssociationType', { oneOf: ['APPLIED', 'INHERITED'] });
  const status = optString(filters, 'AssociationStatus', { oneOf: ['PENDING', 'SUCCESS', 'FAILED'] });
  const rows = coveredTargets(cc)
    .map((t) => associationShape(cc, t))
    .filter(
      (a) =>
        (wantedPolicy === undefined || a.ConfigurationPolicyId === wantedPolicy) &&
        (type === undefined || a.AssociationType === type) &&
        (status === undefined || a.AssociationStatus === status),
    );
  const page = ctx.page(
    rows,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 100 }),
    `policy-associations:${wantedPolicy ?? ''}:${type ?? ''}:${status ?? ''}`,
    PAGE,
  );
  return withIsoTimestamps({
    ConfigurationPolicyAssociationSummaries: page.items,
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  });
};

const batchGetAssociations: Handler = (ctx, input) => {
  const cc = requireCentralAdmin(ctx);
  const items = (optList(input, 'ConfigurationPolicyAssociationIdentifiers') ?? []) as Input[];
  if (items.length === 0) throw invalidInput('ConfigurationPolicyAssociationIdentifiers must not be empty.');
  const found = [];
  const unprocessed = [];
  for (const item of items) {
    try {
      found.push(associationShape(cc, readTarget(cc.org, optRecord(item, 'Target'))));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      unprocessed.push({
        ConfigurationPolicyAssociationIdentifiers: item,
        ErrorCode: String(error.status),
        ErrorReason: error.message,
      });
    }
  }
  return withIsoTimestamps({
    ConfigurationPolicyAssociations: found,
    UnprocessedConfigurationPolicyAssociations: unprocessed,
  });
};

export const configurationPolicyOperations: Record<string, Handler> = {
  CreateConfigurationPolicy: createPolicy,
  GetConfigurationPolicy: getPolicy,
  ListConfigurationPolicies: listPolicies,
  UpdateConfigurationPolicy: updatePolicy,
  DeleteConfigurationPolicy: deletePolicy,
  StartConfigurationPolicyAssociation: startAssociation,
  StartConfigurationPolicyDisassociation: startDisassociation,
  GetConfigurationPolicyAssociation: getAssociation,
  ListConfigurationPolicyAssociations: listAssociations,
  BatchGetConfigurationPolicyAssociations: batchGetAssociations,
};
