/**
 * The regional `instances` and `ec2Settings` members of world documents:
 *
 * ```json
 * "regions": { "us-east-1": {
 *   "instances": [ { "name": "web-1", "type": "t3.large" }, { "count": 3, "name": "batch" } ],
 *   "ec2Settings": { "vpcBlockPublicAccess": "block-ingress", "imageBlockPublicAccess": "block-new-sharing",
 *                    "snapshotBlockPublicAccess": "block-all-sharing", "ebsEncryptionByDefault": true } } }
 * ```
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { groupNamed, subnetNamed } from './network.js';
import { placeInstance } from './operations.js';
import { ec2State, ensureDefaultVpc, newId } from './state.js';

const instanceSpec = z
  .object({
    name: z.string().optional(),
    count: z.number().int().min(1).max(1000).default(1),
    type: z.string().default('t3.micro'),
    imageId: z
      .string()
      .regex(/^ami-[0-9a-f]{8,17}$/)
      .default('ami-0abcdef1234567890'),
    state: z.enum(['running', 'terminated']).default('running'),
    tags: z.record(z.string(), z.string()).default({}),
    /** A subnet of the `network` member (by name or id); the default VPC's subnet when absent. */
    subnet: z.string().min(1).optional(),
    /** Security groups of the `network` member (by name or id); the VPC's `default` group when absent. */
    securityGroups: z.array(z.string().min(1)).default([]),
    /** EBS volumes, the root first (one 8 GiB volume when absent); `kmsKey` is a key ARN or `alias/…`. */
    volumes: z
      .array(
        z
          .object({
            sizeGiB: z.number().int().min(1).max(65536).default(8),
            encrypted: z.boolean().optional(),
            kmsKey: z.string().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const instancesSeeder: Seeder<Array<z.infer<typeof instanceSpec>>> = {
  key: 'instances',
  schema: z.array(instanceSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = ec2State(ctx.account, region);
    const vpcId = ensureDefaultVpc(ctx.world, state).id;
    for (const spec of specs) {
      const subnet = spec.subnet ? subnetNamed(state, spec.subnet) : undefined;
      const groupIds = spec.securityGroups.map((name) => groupNamed(state, name).id);
      const volumes = spec.volumes.map((v) => ({
        sizeGiB: v.sizeGiB,
        ...(v.encrypted !== undefined || v.kmsKey ? { encrypted: v.encrypted ?? true } : {}),
        ...(v.kmsKey
          ? {
              kmsKeyId: v.kmsKey.startsWith('arn:')
                ? v.kmsKey
                : `arn:aws:kms:${region}:${ctx.account.id}:${v.kmsKey.startsWith('alias/') ? v.kmsKey : `key/${v.kmsKey}`}`,
            }
          : {}),
      }));
      const reservationId = newId(ctx.world, 'r');
      for (let n = 0; n < spec.count; n++) {
        const id = newId(ctx.world, 'i');
        const instance = (state.instances[id] = {
          id,
          imageId: spec.imageId,
          type: spec.type,
          state: spec.state,
          launchedAt: ctx.now.toISOString(),
          reservationId,
          vpcId,
          tags: {
            ...spec.tags,
            ...(spec.name ? { Name: spec.count > 1 ? `${spec.name}-${n + 1}` : spec.name } : {}),
          },
        });
        // Placed (subnet, address, groups, volumes) when the spec describes any of it; a bare spec keeps
        // the instance as earlier worlds had it, so their generated ids stay as they were.
        if (
          spec.state === 'running' &&
          (spec.subnet || spec.securityGroups.length > 0 || spec.volumes.length > 0)
        )
          placeInstance(ctx.world, ctx.account.id, region, state, instance, {
            ...(subnet ? { subnet } : {}),
            groupIds,
            volumes,
          });
      }
    }
  },
};

const settingsSpec = z
  .object({
    vpcBlockPublicAccess: z.enum(['off', 'block-bidirectional', 'block-ingress']).optional(),
    imageBlockPublicAccess: z.enum(['unblocked', 'block-new-sharing']).optional(),
    snapshotBlockPublicAccess: z.enum(['unblocked', 'block-all-sharing', 'block-new-sharing']).optional(),
    ebsEncryptionByDefault: z.boolean().optional(),
  })
  .strict();

export const ec2SettingsSeeder: Seeder<z.infer<typeof settingsSpec>> = {
  key: 'ec2Settings',
  schema: settingsSpec,
  apply(ctx, spec) {
    const state = ec2State(ctx.account, ctx.region!);
    if (spec.vpcBlockPublicAccess) state.vpcBlockPublicAccess = spec.vpcBlockPublicAccess;
    if (spec.imageBlockPublicAccess) state.imageBlockPublicAccess = spec.imageBlockPublicAccess;
    if (spec.snapshotBlockPublicAccess) state.snapshotBlockPublicAccess = spec.snapshotBlockPublicAccess;
    if (spec.ebsEncryptionByDefault !== undefined) state.ebsEncryptionByDefault = spec.ebsEncryptionByDefault;
  },
};
