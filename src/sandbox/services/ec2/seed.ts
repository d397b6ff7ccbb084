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
  })
  .strict();

export const instancesSeeder: Seeder<Array<z.infer<typeof instanceSpec>>> = {
  key: 'instances',
  schema: z.array(instanceSpec),
  apply(ctx, specs) {
    const state = ec2State(ctx.account, ctx.region!);
    const vpcId = ensureDefaultVpc(ctx.world, state).id;
    for (const spec of specs) {
      const reservationId = newId(ctx.world, 'r');
      for (let n = 0; n < spec.count; n++) {
        const id = newId(ctx.world, 'i');
        state.instances[id] = {
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
        };
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
