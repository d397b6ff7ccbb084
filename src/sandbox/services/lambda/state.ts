/**
 * Lambda state per account and region: `account.services.lambda[region].functions` (seeded only), and
 * the regional `functions` seeder:
 *
 * ```json
 * "regions": { "us-east-1": { "functions": 3 } }
 * "regions": { "eu-west-1": { "functions": [{ "name": "orders-api", "runtime": "nodejs20.x" }] } }
 * ```
 * A count creates `function-1` … `function-N` on nodejs20.x.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

const KEY = 'lambda';

export interface FunctionState {
  name: string;
  accountId: string;
  region: string;
  runtime: string;
  /** Set for functions created through the API (seeded ones answer `<name>-role`, `index.handler`). */
  role?: string;
  handler?: string;
  codeSha256?: string;
  codeSize?: number;
  /** Lambda's own format: `2024-01-01T00:00:00.000+0000`. */
  lastModified: string;
}

interface LambdaRegionState {
  functions: FunctionState[];
}

/** The region's functions for a write (created on first use). */
export function functionsOf(account: AccountRecord, region: string): FunctionState[] {
  return regionalState<LambdaRegionState>(account, KEY, region, () => ({ functions: [] })).functions;
}

export function peekFunctions(account: AccountRecord | undefined, region: string): FunctionState[] {
  return peekRegional<LambdaRegionState>(account, KEY, region)?.functions ?? [];
}

export const functionArn = (f: FunctionState) =>
  `arn:aws:lambda:${f.region}:${f.accountId}:function:${f.name}`;

const functionSpec = z.object({
  name: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/),
  runtime: z.string().default('nodejs20.x'),
});

const functionsSpec = z.union([z.number().int().nonnegative(), z.array(functionSpec)]);

export const functionsSeeder: Seeder<z.infer<typeof functionsSpec>> = {
  key: 'functions',
  schema: functionsSpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const list =
      typeof spec === 'number'
        ? Array.from({ length: spec }, (_, i) => ({ name: `function-${i + 1}`, runtime: 'nodejs20.x' }))
        : spec;
    const lastModified = ctx.now.toISOString().replace('Z', '+0000');
    const state = regionalState<LambdaRegionState>(ctx.account, KEY, region, () => ({ functions: [] }));
    const byName = new Map(state.functions.map((f) => [f.name, f]));
    for (const f of list)
      byName.set(f.name, {
        name: f.name,
        runtime: f.runtime,
        accountId: ctx.account.id,
        region,
        lastModified,
      });
    state.functions = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  },
};
