/**
 * Built-in seeds for `orgward sandbox --seed NAME`: organizations built through the AWS SDK against the
 * sandbox in process, exactly as a user would build them against AWS. The names are here for the help;
 * the builders load only when a seed is used.
 */
import type { ClientFactory } from '../aws/clients.js';

export interface BuiltinSeed {
  description: string;
  build(factory: ClientFactory): Promise<void>;
}

export const BUILTIN_SEEDS: Record<string, BuiltinSeed> = {
  demo: {
    description: 'the demo organization: 6 nested OUs, 6 member accounts, an SCP on the root',
    build: async (factory) =>
      (await import('./demo/build-organization.js')).buildDemoOrganization(factory, () => undefined),
  },
};

export const BUILTIN_SEED_NAMES = Object.keys(BUILTIN_SEEDS);
