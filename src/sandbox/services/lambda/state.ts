/**
 * Lambda state per account and region: `account.services.lambda[region].functions` (seeded only), and
 * the regional `functions` seeder:
 *
 * ```json
 * "regions": { "us-east-1": { "functions": 3 } }
 * "regions": { "eu-west-1": { "functions": [{ "name": "orders-api", "runtime": "nodejs20.x" }] } }
 * "regions": { "eu-west-1": { "functions": [{ "name": "reporter",
 *   "permissions": [{ "sid": "org-invoke", "principal": "*", "principalOrgId": "o-a1b2c3d4e5" }] }] } }
 * ```
 * A count creates `function-1` … `function-N` on nodejs20.x. `permissions` are the statements of the
 * function's resource policy, as AddPermission would write them (`action` defaults to
 * `lambda:InvokeFunction`; `principal` is an account id, an IAM ARN, a service principal or `*`).
 */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { reqString, type Input } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Seeder } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';
import { buildStatement, statementPrincipal, type FunctionPolicy } from './policy.js';

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
  /** The resource-based policy; absent until a permission is added (and again once the last is removed). */
  policy?: FunctionPolicy;
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

/**
 * `FunctionName` as Lambda takes it: a name, a partial ARN (`123456789012:function:name`) or a full ARN,
 * each optionally followed by `:qualifier` (a version or alias).
 */
const FUNCTION_NAME =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;

/**
 * The function `FunctionName` names in the caller's account and region, with the qualifier its name
 * carried (if any), or Lambda's not-found error.
 */
export function resolveFunction(
  ctx: CallContext,
  input: Input,
): { fn: FunctionState; qualifier: string | undefined } {
  const text = reqString(input, 'FunctionName', { min: 1, max: 256, pattern: FUNCTION_NAME });
  const [, name = '', qualifier] = FUNCTION_NAME.exec(text) ?? [];
  const fn = peekFunctions(ctx.world.accounts[ctx.caller.accountId], ctx.region).find((x) => x.name === name);
  if (!fn) throw functionNotFound(`arn:aws:lambda:${ctx.region}:${ctx.caller.accountId}:function:${name}`);
  return { fn, qualifier };
}

/** Lambda's answer for a function (or a version or alias of one) that does not exist. */
export function functionNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, {
    status: 404,
    extras: { Type: 'User' },
  });
}

const permissionSpec = z
  .object({
    sid: z.string().regex(/^[a-zA-Z0-9-_]{1,100}$/),
    principal: z.string().refine((p) => statementPrincipal(p) !== undefined, {
      message: 'must be an account id, an IAM ARN, a service principal or *',
    }),
    action: z
      .string()
      .regex(/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/)
      .default('lambda:InvokeFunction'),
    principalOrgId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/)
      .optional(),
    sourceAccount: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    sourceArn: z.string().startsWith('arn:').optional(),
  })
  .strict();

const functionSpec = z.object({
  name: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/),
  runtime: z.string().default('nodejs20.x'),
  permissions: z
    .array(permissionSpec)
    .refine((list) => new Set(list.map((p) => p.sid)).size === list.length, {
      message: 'statement ids must be unique',
    })
    .optional(),
});

const functionsSpec = z.union([z.number().int().nonnegative(), z.array(functionSpec)]);

export const functionsSeeder: Seeder<z.infer<typeof functionsSpec>> = {
  key: 'functions',
  schema: functionsSpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const list: Array<z.infer<typeof functionSpec>> =
      typeof spec === 'number'
        ? Array.from({ length: spec }, (_, i) => ({ name: `function-${i + 1}`, runtime: 'nodejs20.x' }))
        : spec;
    const lastModified = ctx.now.toISOString().replace('Z', '+0000');
    const state = regionalState<LambdaRegionState>(ctx.account, KEY, region, () => ({ functions: [] }));
    const byName = new Map(state.functions.map((f) => [f.name, f]));
    for (const f of list) {
      const seeded: FunctionState = {
        name: f.name,
        runtime: f.runtime,
        accountId: ctx.account.id,
        region,
        lastModified,
      };
      if (f.permissions && f.permissions.length > 0)
        seeded.policy = {
          revisionId: randomUuid(ctx.world),
          statements: f.permissions.map((p) =>
            buildStatement(functionArn(seeded), p, statementPrincipal(p.principal)!),
          ),
        };
      byName.set(f.name, seeded);
    }
    state.functions = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  },
};
