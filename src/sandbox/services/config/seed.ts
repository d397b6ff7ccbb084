/**
 * The regional `config` member of world documents:
 *
 * ```json
 * "regions": { "eu-west-1": { "config": {
 *   "recorder": { "recording": true, "allSupported": true, "includeGlobalResourceTypes": true },
 *   "deliveryChannel": { "s3BucketName": "log-archive-config" },
 *   "rules": ["root-account-mfa-enabled"], "conformancePacks": ["baseline"],
 *   "organizationAggregator": "org-aggregator" } } }
 * ```
 * `recorder.roleARN` defaults to the account's AWSServiceRoleForConfig service-linked role.
 *
 * An organization aggregator seeded in an organization's management account turns on trusted access for
 * `config.amazonaws.com`, as PutConfigurationAggregator does there (reads never turn it on); elsewhere
 * (a delegated administrator) trusted access must be on already, as in AWS.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { CONFIG_PRINCIPAL } from './org.js';
import { configState } from './state.js';

const configSpec = z
  .object({
    recorder: z
      .object({
        name: z.string().default('default'),
        recording: z.boolean().default(true),
        allSupported: z.boolean().default(true),
        includeGlobalResourceTypes: z.boolean().default(false),
        roleARN: z.string().optional(),
        lastStatus: z.enum(['Pending', 'Success', 'Failure']).optional(),
      })
      .strict()
      .optional(),
    deliveryChannel: z
      .object({
        name: z.string().default('default'),
        s3BucketName: z.string(),
        lastStatus: z.enum(['Success', 'Failure']).default('Success'),
      })
      .strict()
      .optional(),
    rules: z.array(z.string()).default([]),
    conformancePacks: z.array(z.string()).default([]),
    /** An organization aggregator over all regions (the account must be management or delegated admin to use it). */
    organizationAggregator: z.string().optional(),
  })
  .strict();

export type ConfigSpec = z.infer<typeof configSpec>;

export const configSeeder: Seeder<ConfigSpec> = {
  key: 'config',
  schema: configSpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const id = ctx.account.id;
    const at = ctx.now.toISOString();
    const state = configState(ctx.account, region);
    if (spec.recorder) {
      const r = spec.recorder;
      state.recorders = {
        [r.name]: {
          name: r.name,
          roleARN:
            r.roleARN ??
            `arn:aws:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: {
            allSupported: r.allSupported,
            includeGlobalResourceTypes: r.includeGlobalResourceTypes,
          },
          recording: r.recording,
          lastStatus: r.lastStatus ?? (r.recording ? 'Success' : 'Pending'),
          ...(r.recording ? { lastStartTime: at, lastStatusChangeTime: at } : {}),
        },
      };
    }
    if (spec.deliveryChannel) {
      const c = spec.deliveryChannel;
      state.channels = { [c.name]: { name: c.name, s3BucketName: c.s3BucketName, lastStatus: c.lastStatus } };
    }
    spec.rules.forEach((name, i) => {
      const ruleId = `config-rule-seed${String(i).padStart(2, '0')}`;
      state.rules[name] = {
        name,
        id: ruleId,
        arn: `arn:aws:config:${region}:${id}:config-rule/${ruleId}`,
        body: { Source: { Owner: 'AWS', SourceIdentifier: name.toUpperCase().replace(/-/g, '_') } },
      };
    });
    spec.conformancePacks.forEach((name, i) => {
      const packId = `conformance-pack-seed${String(i).padStart(2, '0')}`;
      state.packs[name] = {
        name,
        id: packId,
        arn: `arn:aws:config:${region}:${id}:conformance-pack/${name}/${packId}`,
        updatedAt: at,
      };
    });
    if (spec.organizationAggregator) {
      const name = spec.organizationAggregator;
      state.aggregators[name] = {
        name,
        arn: `arn:aws:config:${region}:${id}:config-aggregator/config-aggregator-seed`,
        organizationSource: {
          RoleArn: `arn:aws:iam::${id}:role/service-role/AWSConfigRoleForOrganizations`,
          AllAwsRegions: true,
        },
        createdAt: at,
        updatedAt: at,
      };
      const org = organizationOf(ctx.world, id);
      if (org?.managementAccountId === id && org.featureSet === 'ALL')
        org.trustedServices[CONFIG_PRINCIPAL] ??= at;
    }
  },
};
