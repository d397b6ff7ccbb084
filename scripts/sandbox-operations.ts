/**
 * Prints, as JSON, the operations each sandbox service serves (`{ "<service name>": ["<Operation>", ...] }`):
 * the input of `scripts/sandbox-shapes.py` (see `npm run sandbox:shapes`).
 */
import { allServices } from '../src/sandbox/services/index.js';

const served = Object.fromEntries(
  allServices.map((service) => [service.name, Object.keys(service.operations).sort()]),
);
process.stdout.write(`${JSON.stringify(served, null, 2)}\n`);
