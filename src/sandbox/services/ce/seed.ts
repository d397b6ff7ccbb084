/**
 * The account-level `costs` member of world documents: the account's cost per month and service, as
 * Cost Explorer reports it (service names as Cost Explorer spells them):
 *
 * ```json
 * "costs": {
 *   "2026-10": { "Amazon Elastic Compute Cloud - Compute": 412.5, "Amazon Simple Storage Service": 12.03 },
 *   "2026-11": { "Amazon Elastic Compute Cloud - Compute": [ { "amount": 300, "tags": { "team": "shop" } },
 *                                                            { "amount": 120.25 } ] } }
 * ```
 *
 * An amount is a number of US dollars, or a list of amounts with the cost allocation tags of the
 * resources they came from (for grouping and filtering by tag). A document replaces the months it names
 * and keeps the others.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { ceState, type CostLine } from './state.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const amount = z.number().finite().min(0).max(1e12);
const taggedAmount = z
  .object({
    amount,
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  })
  .strict();

const costsSpec = z.record(
  z.string().regex(MONTH, 'a month as YYYY-MM'),
  z.record(z.string().min(1).max(256), z.union([amount, z.array(taggedAmount).min(1)])),
);

export const costsSeeder: Seeder<z.infer<typeof costsSpec>> = {
  key: 'costs',
  schema: costsSpec,
  apply(ctx, spec) {
    const state = ceState(ctx.account);
    const months = new Set(Object.keys(spec));
    const lines: CostLine[] = state.lines.filter((line) => !months.has(line.month));
    for (const [month, services] of Object.entries(spec)) {
      for (const [service, value] of Object.entries(services)) {
        const parts = typeof value === 'number' ? [{ amount: value, tags: {} }] : value;
        for (const part of parts) lines.push({ month, service, amount: part.amount, tags: { ...part.tags } });
      }
    }
    lines.sort((a, b) => a.month.localeCompare(b.month) || a.service.localeCompare(b.service));
    state.lines = lines;
  },
};
