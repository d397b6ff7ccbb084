/**
 * The regional `snsTopics` member of world documents:
 *
 * ```json
 * "regions": { "us-east-1": { "snsTopics": [
 *   { "name": "alerts" },
 *   { "name": "org-alerts", "displayName": "Org alerts",
 *     "policy": { "Version": "2012-10-17", "Statement": [ … ] } } ] } }
 * ```
 * `policy` is the topic's access policy (object or JSON text; AWS's default topic policy when absent);
 * a name ending in `.fifo` makes a FIFO topic.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { FIFO_TOPIC_NAME_RE, newTopic, snsState, TOPIC_NAME_RE } from './state.js';

const topicSpec = z
  .object({
    name: z.string().refine((name) => TOPIC_NAME_RE.test(name) || FIFO_TOPIC_NAME_RE.test(name), {
      message: 'a topic name is 1–256 letters, digits, hyphens and underscores (a FIFO topic ends in .fifo)',
    }),
    policy: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .refine((policy) => typeof policy !== 'string' || isJsonObject(policy), {
        message: 'the policy is not a JSON object',
      }),
    displayName: z.string().max(100).optional(),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export type SnsTopicSpec = z.infer<typeof topicSpec>;

export const snsTopicsSeeder: Seeder<SnsTopicSpec[]> = {
  key: 'snsTopics',
  schema: z.array(topicSpec),
  apply(ctx, specs) {
    const region = ctx.region!;
    const state = snsState(ctx.account, region);
    for (const spec of specs) {
      const policy = typeof spec.policy === 'object' ? JSON.stringify(spec.policy) : spec.policy;
      state.topics[spec.name] = newTopic(
        ctx.account.id,
        region,
        spec.name,
        ctx.now,
        {
          ...(policy !== undefined ? { Policy: policy } : {}),
          ...(spec.displayName !== undefined ? { DisplayName: spec.displayName } : {}),
        },
        Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
      );
    }
  },
};
