/**
 * The regional `stackSets` member of world documents, in the account that administers them (for
 * service-managed stack sets: the management account):
 *
 * ```json
 * "regions": { "us-east-1": { "stackSets": [
 *   { "name": "baseline", "targets": [{ "ous": ["r-ab12"], "regions": ["us-east-1", "eu-west-1"] }] },
 *   { "name": "roles", "permissionModel": "SELF_MANAGED", "capabilities": ["CAPABILITY_NAMED_IAM"],
 *     "template": { "Resources": { "Role": { "Type": "AWS::IAM::Role", "Properties": { "RoleName": "x" } } } },
 *     "instances": [{ "account": "222222222222", "region": "us-east-1" },
 *                   { "account": "333333333333", "region": "us-east-1", "status": "OUTDATED", "detailedStatus": "FAILED" }] } ] } }
 * ```
 *
 * - `permissionModel` defaults to SERVICE_MANAGED, `autoDeployment` to enabled (`true`, `false`, or
 *   `{ "enabled", "retainStacksOnAccountRemoval" }`).
 * - `template` is the template (JSON text, YAML text or a JSON object), checked as CreateStackSet checks
 *   it; without one a placeholder template with one `AWS::CloudFormation::WaitConditionHandle` is used.
 * - `targets` (service-managed) are OU or root ids and regions: their accounts get CURRENT instances
 *   when the stack set is first read after the organization exists (it may be built after seeding).
 *   `ouIds` (older documents) targets OUs in the regions of the listed `instances`.
 * - `instances` are listed as they are, with `status` / `detailedStatus` / `statusReason` as given.
 * - `status: "DELETED"` records a deleted stack set (no instances).
 */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { randomUuid } from '../../rng.js';
import type { Seeder } from '../../service.js';
import { CAPABILITIES, cfnState, newStackId, type StackSetState } from './state.js';
import { checkCapabilities, checkParameters, PLACEHOLDER_TEMPLATE, summarizeTemplate } from './template.js';

const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name such as eu-west-1');
const OU = z
  .string()
  .regex(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, 'an OU id (ou-…) or the root id (r-…)');

const instanceSpec = z
  .object({
    account: z.string().regex(/^\d{12}$/),
    region: REGION,
    /** Service-managed: the targeted OU the instance belongs to. */
    ou: OU.optional(),
    status: z.enum(['CURRENT', 'OUTDATED', 'INOPERABLE']).default('CURRENT'),
    detailedStatus: z
      .enum([
        'PENDING',
        'RUNNING',
        'SUCCEEDED',
        'FAILED',
        'CANCELLED',
        'INOPERABLE',
        'SKIPPED_SUSPENDED_ACCOUNT',
        'FAILED_IMPORT',
      ])
      .default('SUCCEEDED'),
    statusReason: z.string().optional(),
  })
  .strict();

const targetSpec = z.object({ ous: z.array(OU).min(1), regions: z.array(REGION).min(1) }).strict();

const autoDeploymentSpec = z.union([
  z.boolean(),
  z
    .object({
      enabled: z.boolean().default(true),
      retainStacksOnAccountRemoval: z.boolean().default(false),
    })
    .strict(),
]);

const setSpec = z
  .object({
    name: z
      .string()
      .max(128)
      .regex(/^[a-zA-Z][-a-zA-Z0-9]*$/, 'letters, digits and hyphens, starting with a letter'),
    description: z.string().min(1).max(1024).optional(),
    permissionModel: z.enum(['SELF_MANAGED', 'SERVICE_MANAGED']).default('SERVICE_MANAGED'),
    autoDeployment: autoDeploymentSpec.default(true),
    template: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    parameters: z.record(z.string(), z.string()).default({}),
    capabilities: z.array(z.enum(CAPABILITIES)).default([]),
    tags: z.record(z.string(), z.string()).default({}),
    managedExecution: z.boolean().default(false),
    status: z.enum(['ACTIVE', 'DELETED']).default('ACTIVE'),
    ouIds: z.array(OU).default([]),
    targets: z.array(targetSpec).default([]),
    instances: z.array(instanceSpec).default([]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const body = templateText(spec.template);
    try {
      const summary = summarizeTemplate(body);
      checkCapabilities(summary, spec.capabilities);
      checkParameters(
        summary,
        Object.entries(spec.parameters).map(([key, value]) => ({ key, value })),
      );
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, path: ['template'] });
    }
    const organizational =
      spec.targets.length > 0 || spec.ouIds.length > 0 || spec.instances.some((i) => i.ou !== undefined);
    if (spec.permissionModel === 'SELF_MANAGED' && organizational)
      ctx.addIssue({
        code: 'custom',
        message: 'a SELF_MANAGED stack set has no OU targets (targets, ouIds, instances[].ou)',
        path: ['permissionModel'],
      });
    if (spec.status === 'DELETED' && (spec.instances.length > 0 || spec.targets.length > 0))
      ctx.addIssue({ code: 'custom', message: 'a DELETED stack set has no instances', path: ['status'] });
  });

export type StackSetSpec = z.infer<typeof setSpec>;

function templateText(template: StackSetSpec['template']): string {
  if (template === undefined) return PLACEHOLDER_TEMPLATE;
  return typeof template === 'string' ? template : JSON.stringify(template);
}

export const stackSetsSeeder: Seeder<StackSetSpec[]> = {
  key: 'stackSets',
  schema: z.array(setSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = cfnState(ctx.account, region);
    for (const spec of specs) {
      const serviceManaged = spec.permissionModel === 'SERVICE_MANAGED';
      const auto =
        typeof spec.autoDeployment === 'boolean'
          ? { enabled: spec.autoDeployment, retainStacksOnAccountRemoval: false }
          : spec.autoDeployment;
      const set: StackSetState = {
        name: spec.name,
        uuid: randomUuid(ctx.world),
        status: spec.status,
        ...(spec.description ? { description: spec.description } : {}),
        permissionModel: spec.permissionModel,
        ...(serviceManaged
          ? { autoDeployment: auto }
          : {
              administrationRoleArn: `arn:aws:iam::${ctx.account.id}:role/AWSCloudFormationStackSetAdministrationRole`,
              executionRoleName: 'AWSCloudFormationStackSetExecutionRole',
            }),
        templateBody: templateText(spec.template),
        parameters: Object.entries(spec.parameters).map(([key, value]) => ({ key, value })),
        capabilities: spec.capabilities,
        tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
        managedExecution: spec.managedExecution,
        targets: {},
        instances: [],
        operations: [],
        createdAt: ctx.now.toISOString(),
      };
      for (const i of spec.instances)
        set.instances.push({
          account: i.account,
          region: i.region,
          ...(i.ou ? { ouId: i.ou } : {}),
          stackId: newStackId(ctx.world, set, i.account, i.region),
          status: i.status,
          detailedStatus: i.detailedStatus,
          ...(i.statusReason ? { statusReason: i.statusReason } : {}),
          parameterOverrides: [],
        });
      const instanceRegions = [...new Set(spec.instances.map((i) => i.region))];
      for (const ou of spec.ouIds) set.targets[ou] = { regions: instanceRegions };
      for (const target of spec.targets)
        for (const ou of target.ous) {
          const regions = [...new Set([...(set.targets[ou]?.regions ?? []), ...target.regions])];
          // `seen` stays undefined: the accounts under the OU get instances on the first read.
          set.targets[ou] = { regions };
        }
      if (spec.status === 'DELETED') {
        state.deleted.push(set);
        continue;
      }
      state.stackSets[spec.name] = set;
    }
  },
};
