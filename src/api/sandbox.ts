/**
 * `orgward/sandbox`: the local AWS-compatible endpoint as a library — start one in process or on a
 * port, seed it, and get a client factory that talks to it without a socket.
 */
import { ClientFactory, type ClientFactoryOptions } from '../aws/clients.js';
import { sandboxRequestHandler, type Sandbox } from '../sandbox/index.js';

export * from '../sandbox/index.js';
export { simulatedSandbox, type Simulated } from '../sandbox/simulated.js';
export { VirtualClock } from '../sandbox/virtual-clock.js';

/** A client factory that talks to `sandbox` in process (no HTTP), as the sandbox's default administrator. */
export function inProcessFactory(sandbox: Sandbox, options: ClientFactoryOptions = {}): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'orgward', secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    options,
  );
}
