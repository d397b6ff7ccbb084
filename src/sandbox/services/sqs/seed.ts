/**
 * The regional `queues` member of world documents:
 *
 * ```json
 * "regions": { "eu-west-1": { "queues": [
 *   { "name": "orders" },
 *   { "name": "locked", "lockedOut": true },
 *   { "name": "shared", "policy": { "Version": "2012-10-17", "Statement": [ … ] } } ] } }
 * ```
 * `lockedOut` writes a policy that denies every SQS action to everyone (policy-lock.ts); `policy` is
 * a policy document (object or JSON text).
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { denyAllPolicy } from './policy-lock.js';
import { DEFAULT_ATTRIBUTES, queueArn, sqsState } from './state.js';

const queueSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/),
    policy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    lockedOut: z.boolean().default(false),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type QueueSpec = z.infer<typeof queueSpec>;

export const queuesSeeder: Seeder<QueueSpec[]> = {
  key: 'queues',
  schema: z.array(queueSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = sqsState(ctx.account, region);
    const at = ctx.now.toISOString();
    for (const spec of specs) {
      const base = { name: spec.name, accountId: ctx.account.id, region };
      const policy = spec.lockedOut
        ? denyAllPolicy(queueArn(base))
        : typeof spec.policy === 'object'
          ? JSON.stringify(spec.policy)
          : spec.policy;
      state.queues[spec.name] = {
        ...base,
        attributes: {
          ...DEFAULT_ATTRIBUTES,
          ...(spec.name.endsWith('.fifo') ? { FifoQueue: 'true' } : {}),
          ...(policy ? { Policy: policy } : {}),
        },
        tags: spec.tags,
        createdAt: at,
        modifiedAt: at,
      };
    }
  },
};
