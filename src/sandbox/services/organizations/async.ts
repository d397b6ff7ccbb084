/** Asynchronous Organizations work: CreateAccount requests settle here (see SPEC.md, "Async"). */
import type { SandboxConfig } from '../../config.js';
import type { World } from '../../world.js';

export function advanceOrganizations(_world: World, _now: Date, _config: SandboxConfig): void {
  // Filled by the Organizations implementation.
}
