/**
 * The control API under `/_sandbox/`: health, reset, world seeding and dump, per-call stats, faults,
 * realism configuration and the virtual clock. Plain JSON in and out; documented in the sandbox README.
 */
import type { Sandbox } from './core.js';
import type { ConfigPatch } from './config.js';
import type { FaultConfig } from './faults.js';
import type { SandboxRequest, SandboxResponse } from './protocols/types.js';
import { loadDocument, WorldDocumentError } from './seed.js';

function json(status: number, body: unknown): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function readBody(request: SandboxRequest): unknown {
  const text = request.body.toString('utf8').trim();
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

export function handleControl(sandbox: Sandbox, request: SandboxRequest): SandboxResponse {
  const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_sandbox/health':
        return json(200, {
          status: 'ok',
          accounts: Object.keys(sandbox.world.accounts).length,
          organizations: Object.keys(sandbox.world.organizations).length,
          services: sandbox.services.map((s) => s.name),
        });
      case 'POST /_sandbox/reset':
        sandbox.reset();
        return json(200, { status: 'reset' });
      case 'GET /_sandbox/world':
        return json(200, sandbox.world);
      case 'POST /_sandbox/world': {
        const result = loadDocument(sandbox.world, readBody(request), sandbox.now());
        if (result.kind === 'replaced') {
          sandbox.reset(result.world);
          return json(200, {
            status: 'replaced',
            from: result.from,
            accounts: Object.keys(result.world.accounts),
          });
        }
        sandbox.changed();
        return json(200, { status: 'merged', accounts: result.accounts });
      }
      case 'GET /_sandbox/stats':
        return json(200, sandbox.stats.snapshot());
      case 'DELETE /_sandbox/stats':
        sandbox.stats.reset();
        return json(200, { status: 'reset' });
      case 'GET /_sandbox/faults':
        return json(200, sandbox.faults.current);
      case 'POST /_sandbox/faults':
        return json(200, sandbox.faults.configure(readBody(request) as Partial<FaultConfig>));
      case 'GET /_sandbox/config':
        return json(200, sandbox.config);
      case 'POST /_sandbox/config':
        return json(200, sandbox.configure(readBody(request) as ConfigPatch));
      case 'POST /_sandbox/clock': {
        const body = readBody(request) as { advanceSeconds?: unknown };
        if (typeof body.advanceSeconds !== 'number' || body.advanceSeconds < 0) {
          return json(400, { message: 'advanceSeconds must be a non-negative number of seconds' });
        }
        sandbox.advanceClock(body.advanceSeconds * 1000);
        return json(200, { now: sandbox.now().toISOString() });
      }
      default:
        return json(404, { message: `no control route ${route}; see docs/sandbox.md` });
    }
  } catch (error) {
    if (error instanceof WorldDocumentError)
      return json(400, { message: error.message, issues: error.issues });
    if (error instanceof SyntaxError)
      return json(400, { message: `request body is not JSON: ${error.message}` });
    throw error;
  }
}
