/**
 * A seeded estate for audit and root tests: the demo organization (built through the SDK, as against
 * AWS) plus a world document layered on top for per-account settings.
 */
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ClientFactory } from '../../src/aws/clients.js';
import { buildDemoOrganization } from '../../src/cli/demo/build-organization.js';
import { applyWorldDocument } from '../../src/sandbox/seed.js';
import type { Target } from './targets.js';

export interface Estate {
  factory: ClientFactory;
  /** Account name → id, the management account as `Management`. */
  ids: Record<string, string>;
  seed(doc: unknown): void;
}

export async function buildEstate(
  target: Target,
  options: ConstructorParameters<typeof ClientFactory>[1] = {},
): Promise<Estate> {
  const factory = new ClientFactory(target.config(), {
    retry: { baseMs: 1, throttlingBaseMs: 1, capMs: 5 },
    ...options,
  });
  await buildDemoOrganization(factory, () => undefined);
  const accounts = (await factory.organizations().send(new ListAccountsCommand({}))).Accounts ?? [];
  const ids: Record<string, string> = {};
  for (const a of accounts) ids[a.Name!] = a.Id!;
  const sandbox = target.sandbox!;
  const managementId = Object.keys(sandbox.world.organizations).map(
    (id) => sandbox.world.organizations[id]!.managementAccountId,
  )[0]!;
  ids.Management = managementId;
  return {
    factory,
    ids,
    seed: (doc) => applyWorldDocument(sandbox.world, doc, sandbox.now()),
  };
}
