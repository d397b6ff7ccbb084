/**
 * The documents the sandbox reads, with every service it serves: world documents (merged into the
 * state; their members are the services' seeders), saved states and orgward snapshots (which replace
 * it). The format is documented in `docs/sandbox.md`; the service-neutral part is `world-document.ts`.
 */
import type { z } from 'zod';
import type { ServiceDefinition } from './service.js';
import { allServices } from './services/index.js';
import { isSnapshotDocument, worldFromSnapshot } from './snapshot-load.js';
import type { World } from './world.js';
import {
  applyWorldDocumentWith,
  isSavedState,
  loadWorldDocument,
  PROTO_ONLY,
  refusePrototypeKeys,
  worldDocumentSchemaFor,
  type LoadResult,
} from './world-document.js';

export {
  checkSavedState,
  isSavedState,
  WorldDocumentError,
  worldDocumentSchemaFor,
  type LoadResult,
} from './world-document.js';

/** The world document schema of the sandbox that serves every service. */
export const worldDocumentSchema = worldDocumentSchemaFor(allServices);

export type WorldDocument = z.input<typeof worldDocumentSchema>;

/**
 * Merges a world document into `world` (with every service's members unless told otherwise); returns
 * the ids of the accounts it touched.
 */
export function applyWorldDocument(
  world: World,
  raw: unknown,
  now: Date,
  services: readonly ServiceDefinition[] = allServices,
): string[] {
  return applyWorldDocumentWith(world, raw, now, services);
}

/**
 * Loads any document the sandbox accepts: a saved state or an orgward snapshot replace the state; a
 * world document merges into `world`. The caller installs a replacement world.
 */
export function loadDocument(
  world: World,
  doc: unknown,
  now: Date,
  services: readonly ServiceDefinition[] = allServices,
): LoadResult {
  // A saved state is recognised first, as it always was.
  if (!isSavedState(doc) && isSnapshotDocument(doc)) {
    refusePrototypeKeys(doc, PROTO_ONLY);
    return { kind: 'replaced', from: 'snapshot', world: worldFromSnapshot(doc, now) };
  }
  return loadWorldDocument(world, doc, now, services);
}
