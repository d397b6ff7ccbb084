/**
 * The regional `analyzers` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "analyzers": [{ "name": "org-analyzer", "type": "ORGANIZATION" }] } }
 * ```
 * The seeder does not check the organization rule CreateAnalyzer applies.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { ANALYZER_TYPES, analyzerArn, analyzerState } from './state.js';

const analyzerSpec = z
  .object({ name: z.string().min(1).max(255), type: z.enum(ANALYZER_TYPES).default('ACCOUNT') })
  .strict();

export const analyzersSeeder: Seeder<Array<z.infer<typeof analyzerSpec>>> = {
  key: 'analyzers',
  schema: z.array(analyzerSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = analyzerState(ctx.account, region);
    for (const spec of specs)
      state.analyzers[spec.name] = {
        name: spec.name,
        arn: analyzerArn(region, ctx.account.id, spec.name),
        type: spec.type,
        createdAt: ctx.now.toISOString(),
        tags: {},
        ...(spec.type.endsWith('UNUSED_ACCESS') ? { unusedAccessAge: 90 } : {}),
      };
  },
};
