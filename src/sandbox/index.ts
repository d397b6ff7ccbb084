/**
 * The orgward sandbox: a local AWS-compatible endpoint. The product core never imports this module;
 * the CLI (`orgward sandbox`, `orgward demo`) and the tests do.
 */
export { Sandbox, emptyWorld, type SandboxOptions } from './sandbox.js';
export { SandboxCore, type SandboxCoreOptions } from './core.js';
export { sandboxRequestHandler } from './adapter.js';
export { listen, type RunningServer } from './server.js';
export { loadState, StateSaver, writeStateAtomically } from './persistence.js';
export {
  loadDocument,
  applyWorldDocument,
  isSavedState,
  checkSavedState,
  WorldDocumentError,
  type WorldDocument,
} from './seed.js';
export { DEFAULT_ACCOUNT_ID, type World } from './world.js';
export type { ConfigPatch, SandboxConfig } from './config.js';
export type { FaultConfig } from './faults.js';
export type { StatsSnapshot } from './stats.js';
