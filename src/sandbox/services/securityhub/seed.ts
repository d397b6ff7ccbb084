/**
 * The regional `securityHub` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "securityHub": { "enabled": true,
 *   "standards": ["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"],
 *   "organizationAdmin": "333333333333" } } }
 * ```
 * `standards` name catalogue paths (catalogue.ts); without it an enabled hub has AWS's default
 * standards. `organizationAdmin` belongs in the management account's document.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { registerDelegatedAdmin } from '../../shared/org-access.js';
import { STANDARDS, standardArn, subscriptionArn } from './catalogue.js';
import { enableHub } from './hub.js';
import { hubState, SECURITYHUB_PRINCIPAL } from './state.js';

const securityHubSpec = z
  .object({
    enabled: z.boolean().default(true),
    standards: z.array(z.enum(STANDARDS.map((s) => s.path) as [string, ...string[]])).optional(),
    organizationAdmin: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  })
  .strict();

export type SecurityHubSpec = z.infer<typeof securityHubSpec>;

export const securityHubSeeder: Seeder<SecurityHubSpec> = {
  key: 'securityHub',
  schema: securityHubSpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const state = hubState(ctx.account, region);
    if (spec.enabled) {
      const hub = enableHub(ctx.account, region, ctx.now, spec.standards === undefined);
      for (const path of spec.standards ?? []) {
        const standard = STANDARDS.find((s) => s.path === path)!;
        hub.standards[subscriptionArn(standard, region, ctx.account.id)] = {
          standardsArn: standardArn(standard, region),
          input: {},
        };
      }
    } else delete state.hub;
    const org = organizationOf(ctx.world, ctx.account.id);
    if (spec.organizationAdmin && org) {
      state.adminAccountId = spec.organizationAdmin;
      org.trustedServices[SECURITYHUB_PRINCIPAL] ??= ctx.now.toISOString();
      registerDelegatedAdmin(org, spec.organizationAdmin, SECURITYHUB_PRINCIPAL, ctx.now);
    }
  },
};
