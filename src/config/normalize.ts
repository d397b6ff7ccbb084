/** org.yaml (validated) → Desired: paths resolved, documents read and minified, defaults applied. */
import type { Desired } from '../model/desired.js';
import type { ReadRelative } from './files.js';
import {
  normalizeAccounts,
  normalizeIdentityCenter,
  normalizeOrganization,
  normalizeOus,
  normalizePolicies,
  type NormalizeContext,
} from './normalize-sections.js';
import type { OrgConfig } from './schema.js';
import { normalizeBaseline } from './normalize-baseline.js';

export { parseTarget } from './normalize-sections.js';

export function normalize(config: OrgConfig, readRelative: ReadRelative): Desired {
  const ctx: NormalizeContext = { config, readRelative };
  const { ous, parentOf } = normalizeOus(ctx);
  return {
    organization: normalizeOrganization(ctx),
    ous,
    accounts: normalizeAccounts(ctx, parentOf),
    policies: normalizePolicies(ctx),
    identityCenter: normalizeIdentityCenter(ctx),
    baseline: normalizeBaseline(config.baseline, readRelative),
    prune: new Set(config.prune ?? []),
  };
}
