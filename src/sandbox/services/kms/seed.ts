/**
 * The regional `kmsKeys` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "kmsKeys": [
 *   { "alias": "alias/logs" },
 *   { "id": "0d6c1f3e-8f5a-4b2c-9d7e-1a2b3c4d5e6f", "alias": "shared",
 *     "policy": { "Version": "2012-10-17", "Statement": [ … ] } } ] } }
 * ```
 * `id` is the key id (a UUID is made up when absent); `alias` names one alias of the key (`alias/` is
 * added when missing); `policy` is the key policy (object or JSON text; AWS's default key policy when
 * absent); `description` is free text.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { checkAliasName } from './aliases.js';
import { checkKeyPolicy, newKey } from './keys.js';
import { kmsState } from './state.js';

const keySpec = z
  .object({
    id: z
      .string()
      .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/)
      .optional(),
    alias: z.string().min(1).max(256).optional(),
    policy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    description: z.string().max(8192).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    // refused while the document is checked, so that a bad key applies nothing
    const problem = (check: () => void): string | undefined => {
      try {
        check();
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    const policy = policyText(spec.policy);
    const policyProblem = policy === undefined ? undefined : problem(() => checkKeyPolicy(policy));
    if (policyProblem) ctx.addIssue({ code: 'custom', message: policyProblem, path: ['policy'] });
    const alias = aliasName(spec.alias);
    const aliasProblem = alias === undefined ? undefined : problem(() => checkAliasName(alias));
    if (aliasProblem) ctx.addIssue({ code: 'custom', message: aliasProblem, path: ['alias'] });
  });

function policyText(policy: string | Record<string, unknown> | undefined): string | undefined {
  return typeof policy === 'object' ? JSON.stringify(policy) : policy;
}

function aliasName(alias: string | undefined): string | undefined {
  return alias === undefined || alias.startsWith('alias/') ? alias : `alias/${alias}`;
}

export type KmsKeySpec = z.infer<typeof keySpec>;

export const kmsKeysSeeder: Seeder<KmsKeySpec[]> = {
  key: 'kmsKeys',
  schema: z.array(keySpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = kmsState(ctx.account, region, ctx.now);
    for (const spec of specs) {
      const policy = policyText(spec.policy);
      const alias = aliasName(spec.alias);
      const key = newKey(ctx.world, ctx.account.id, region, ctx.now, {
        ...(spec.id !== undefined ? { id: spec.id, multiRegion: spec.id.startsWith('mrk-') } : {}),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        ...(policy !== undefined ? { policy } : {}),
      });
      state.keys[key.id] = key;
      if (alias !== undefined) {
        const at = ctx.now.toISOString();
        state.aliases[alias] = { name: alias, targetKeyId: key.id, createdAt: at, updatedAt: at };
      }
    }
  },
};
