/**
 * The account-level `buckets` and `accountPublicAccessBlock` members of world documents:
 *
 * ```json
 * "accounts": { "111122223333": {
 *   "accountPublicAccessBlock": true,
 *   "buckets": [
 *     { "name": "org-trail-logs", "region": "us-east-1", "versioning": true, "objectLock": true,
 *       "publicAccessBlock": true, "logging": { "targetBucket": "access-logs" }, "policy": { … } },
 *     { "name": "locked", "lockedOut": true } ] } }
 * ```
 * `lockedOut` writes a policy that denies every S3 action to everyone (what `orgward root unlock-bucket`
 * removes); `publicAccessBlock` is `true` (all four settings), `false` (none configured) or the four flags.
 * Seeding a bucket again replaces it; a name another account holds moves to this account (names are global).
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import {
  addBucket,
  ALL_BLOCKED,
  bucketNameProblem,
  findBucket,
  removeBucket,
  s3Account,
  type PublicAccessBlock,
} from './state.js';

const blockSpec = z.union([
  z.boolean(),
  z
    .object({
      BlockPublicAcls: z.boolean().default(false),
      IgnorePublicAcls: z.boolean().default(false),
      BlockPublicPolicy: z.boolean().default(false),
      RestrictPublicBuckets: z.boolean().default(false),
    })
    .strict(),
]);

const bucketSpec = z
  .object({
    name: z.string().refine((n) => !bucketNameProblem(n), { message: 'not a valid S3 bucket name' }),
    region: z.string().default('us-east-1'),
    policy: z
      .union([
        z.string().refine(isPolicyText, { message: 'not a JSON policy document with a Statement' }),
        z.record(z.string(), z.unknown()),
      ])
      .optional(),
    lockedOut: z.boolean().default(false),
    publicAccessBlock: blockSpec.default(true),
    versioning: z.boolean().default(false),
    objectLock: z.boolean().default(false),
    logging: z
      .object({ targetBucket: z.string(), targetPrefix: z.string().default('') })
      .strict()
      .optional(),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

function isPolicyText(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'Statement' in parsed;
  } catch {
    return false;
  }
}

const block = (spec: z.infer<typeof blockSpec>): PublicAccessBlock | undefined =>
  spec === true ? { ...ALL_BLOCKED } : spec === false ? undefined : spec;

export function denyEveryonePolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyEveryone',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  });
}

export const bucketsSeeder: Seeder<Array<z.infer<typeof bucketSpec>>> = {
  key: 'buckets',
  schema: z.array(bucketSpec).superRefine((specs, ctx) => {
    const seen = new Set<string>();
    specs.forEach((spec, i) => {
      if (seen.has(spec.name))
        ctx.addIssue({ code: 'custom', message: `bucket ${spec.name} is listed twice`, path: [i, 'name'] });
      seen.add(spec.name);
    });
  }),
  apply(ctx, specs) {
    for (const spec of specs) {
      // names are global: a bucket seeded here leaves the account that held the name before
      const previous = findBucket(ctx.world, spec.name);
      if (previous && previous.accountId !== ctx.account.id) removeBucket(ctx.world, previous);
      const policy = spec.lockedOut
        ? denyEveryonePolicy(spec.name)
        : typeof spec.policy === 'object'
          ? JSON.stringify(spec.policy)
          : spec.policy;
      const publicAccessBlock = block(spec.publicAccessBlock);
      addBucket(ctx.world, ctx.account, {
        name: spec.name,
        accountId: ctx.account.id,
        region: spec.region,
        createdAt: ctx.now.toISOString(),
        ...(policy ? { policy } : {}),
        ...(publicAccessBlock ? { publicAccessBlock } : {}),
        ...(spec.versioning || spec.objectLock ? { versioning: 'Enabled' as const } : {}),
        objectLock: spec.objectLock,
        ...(spec.logging ? { logging: spec.logging } : {}),
        encryption: { algorithm: 'AES256' },
        tags: spec.tags,
      });
    }
  },
};

export const accountPublicAccessBlockSeeder: Seeder<z.infer<typeof blockSpec>> = {
  key: 'accountPublicAccessBlock',
  schema: blockSpec,
  apply(ctx, spec) {
    const state = s3Account(ctx.account);
    const value = block(spec);
    if (value) state.accountPublicAccessBlock = value;
    else delete state.accountPublicAccessBlock;
  },
};
