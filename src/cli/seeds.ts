/**
 * Built-in seeds for `orgward sandbox --seed NAME`: organizations built through the AWS SDK against the
 * sandbox in process, exactly as a user would build them against AWS.
 */
import { ClientFactory } from '../aws/clients.js';
import type { Sandbox } from '../sandbox/index.js';
import { sandboxRequestHandler } from '../sandbox/index.js';
import { buildDemoOrganization } from './demo/build-organization.js';

export interface BuiltinSeed {
  description: string;
  build(factory: ClientFactory): Promise<void>;
}

export const BUILTIN_SEEDS: Record<string, BuiltinSeed> = {
  demo: {
    description: 'the demo organization: 6 nested OUs, 6 member accounts, an SCP on the root',
    build: (factory) => buildDemoOrganization(factory, () => undefined),
  },
};

/** A client factory that talks to `sandbox` in process, as the sandbox's default administrator. */
export function inProcessFactory(sandbox: Sandbox): ClientFactory {
  return new ClientFactory({
    region: 'us-east-1',
    endpoint: 'http://sandbox.local',
    credentials: { accessKeyId: 'orgward', secretAccessKey: 'orgward' },
    requestHandler: sandboxRequestHandler(sandbox),
  });
}
