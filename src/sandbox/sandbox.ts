/**
 * The sandbox as the CLI, the public API and the tests use it: the core ({@link SandboxCore}, which
 * knows no service) serving every service in `services/index.ts`, reading every document `seed.ts`
 * reads (orgward snapshots included).
 */
import { SandboxCore, type SandboxCoreOptions } from './core.js';
import { loadDocument } from './seed.js';
import type { ServiceDefinition } from './service.js';
import { allServices } from './services/index.js';
import { createWorld, type World } from './world.js';

export interface SandboxOptions extends Omit<SandboxCoreOptions, 'services'> {
  /** The services to serve (default: all); tests of the protocol layer pass their own. */
  services?: readonly ServiceDefinition[];
}

export class Sandbox extends SandboxCore {
  constructor(options: SandboxOptions = {}) {
    super({ loadDocument, ...options, services: options.services ?? allServices });
  }
}

/** A new, empty world holding every service's members. */
export function emptyWorld(options: { defaultAccountId?: string; seed?: number } = {}): World {
  return createWorld(allServices, options);
}
