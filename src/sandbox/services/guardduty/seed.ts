/**
 * The regional `guardduty` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "guardduty": { "detector": "ENABLED",
 *   "organizationAdmin": "333333333333", "autoEnableOrganizationMembers": "ALL" } } }
 * ```
 * `detector` is `ENABLED`, `DISABLED` or absent. `organizationAdmin` (in the management account's
 * document) designates the region's delegated administrator; `autoEnableOrganizationMembers` (in the
 * administrator's document) sets its organization configuration and enrols members as the API does.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { accountsToEnrol } from '../../shared/auto-enable.js';
import { registerDelegatedAdmin } from '../../shared/org-access.js';
import { createDetector } from './detectors.js';
import { enrol } from './organization.js';
import { gdState, GUARDDUTY_PRINCIPAL } from './state.js';

const guardDutySpec = z
  .object({
    detector: z.enum(['ENABLED', 'DISABLED']).optional(),
    organizationAdmin: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    autoEnableOrganizationMembers: z.enum(['ALL', 'NEW', 'NONE']).optional(),
  })
  .strict();

export type GuardDutySpec = z.infer<typeof guardDutySpec>;

export const guardDutySeeder: Seeder<GuardDutySpec> = {
  key: 'guardduty',
  schema: guardDutySpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const state = gdState(ctx.account, region);
    if (spec.detector && !state.detector)
      createDetector(ctx.world, ctx.account, region, ctx.now, spec.detector === 'ENABLED');
    else if (spec.detector && state.detector) state.detector.status = spec.detector;
    const org = organizationOf(ctx.world, ctx.account.id);
    if (spec.organizationAdmin && org) {
      state.adminAccountId = spec.organizationAdmin;
      org.trustedServices[GUARDDUTY_PRINCIPAL] ??= ctx.now.toISOString();
      registerDelegatedAdmin(org, spec.organizationAdmin, GUARDDUTY_PRINCIPAL, ctx.now);
    }
    if (spec.autoEnableOrganizationMembers) {
      if (!state.detector) createDetector(ctx.world, ctx.account, region, ctx.now, true);
      const members = {
        mode: spec.autoEnableOrganizationMembers,
        setAt: ctx.now.toISOString(),
        seenMembers: 0,
      };
      state.orgConfig = { members, features: {} };
      if (org)
        for (const id of accountsToEnrol(
          org,
          members,
          ctx.account.id,
          (a) => state.members[a] !== undefined,
          true,
        ))
          enrol(ctx.world, state, ctx.account.id, id, region, ctx.now);
    }
  },
};
