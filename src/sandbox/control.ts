/**
 * The control API under `/_sandbox/`: health, reset, world seeding and dump, per-call stats, faults,
 * realism configuration and the virtual clock. Plain JSON in and out; documented in the sandbox README.
 *
 * Who may call it is decided at the HTTP edge (`server.ts`: loopback Host and Origin only); in-process
 * callers (the SDK adapter, tests) reach it unchecked.
 */
import type { SandboxCore } from './core.js';
import { defaultConfig, type ConfigPatch } from './config.js';
import { noFaults, type FaultConfig } from './faults.js';
import type { SandboxRequest, SandboxResponse } from './protocols/types.js';
import { WorldDocumentError } from './world-document.js';

/** The longest a single duration may be: 10 years, in seconds (clock advances, settle times, latencies). */
export const MAX_DURATION_SECONDS = 10 * 365.25 * 86_400;
/** The sandbox clock never passes the last instant with a four-digit year (ISO 8601 as AWS writes it). */
const LATEST_CLOCK_MS = Date.parse('9999-12-31T23:59:59.999Z');
const MAX_TIME_SCALE = 1_000_000;
const MAX_POLLS = 1_000_000;
const RATE_PROFILES = ['documented', 'pessimistic', 'raised'];

/** A control request the sandbox refuses (HTTP 400), naming the member at fault. */
class ControlInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
    this.name = 'ControlInputError';
  }
}

function json(status: number, body: unknown): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object a control route takes (an empty body is `{}`). Keys stay own data properties. */
function readBody(request: SandboxRequest): Record<string, unknown> {
  const text = request.body.toString('utf8').trim();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!isObject(body)) throw new ControlInputError('(body)', 'must be a JSON object');
  return body;
}

function finiteNumber(field: string, value: unknown, min: number, max: number, exclusiveMin = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ControlInputError(field, `must be a finite number (got ${JSON.stringify(value) ?? 'nothing'})`);
  if (value < min || (exclusiveMin && value === min) || value > max)
    throw new ControlInputError(
      field,
      `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min} and at most ${max} (got ${value})`,
    );
  return value;
}

function integer(field: string, value: unknown, min: number, max: number): number {
  const number = finiteNumber(field, value, min, max);
  if (!Number.isInteger(number)) throw new ControlInputError(field, `must be a whole number (got ${number})`);
  return number;
}

function knownKey(field: string, key: string, known: Record<string, unknown>): void {
  if (!Object.hasOwn(known, key))
    throw new ControlInputError(
      field,
      `is not a known member (expected one of ${Object.keys(known).join(', ')})`,
    );
}

/** `POST /_sandbox/config`: only the knobs {@link defaultConfig} has, each in its range. */
function configPatch(body: Record<string, unknown>): ConfigPatch {
  const defaults = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  for (const [section, patch] of Object.entries(body)) {
    knownKey(section, section, defaults);
    if (!isObject(patch)) throw new ControlInputError(section, 'must be an object');
    const known = defaults[section]!;
    for (const [key, value] of Object.entries(patch)) {
      const field = `${section}.${key}`;
      knownKey(field, key, known);
      const model = known[key];
      if (typeof model === 'boolean') {
        if (typeof value !== 'boolean') throw new ControlInputError(field, 'must be true or false');
      } else if (key === 'profile') {
        if (typeof value !== 'string' || !RATE_PROFILES.includes(value))
          throw new ControlInputError(field, `must be one of ${RATE_PROFILES.join(', ')}`);
      } else if (key === 'timeScale') {
        finiteNumber(field, value, 0, MAX_TIME_SCALE, true);
      } else if (key.endsWith('Polls')) {
        integer(field, value, 0, MAX_POLLS);
      } else if (key.endsWith('Ms')) {
        // Latencies are sampled around the median: they must be positive. Settle times may be zero.
        finiteNumber(field, value, 0, MAX_DURATION_SECONDS * 1000, section === 'latency');
      } else if (typeof model === 'number') {
        finiteNumber(field, value, 0, Number.MAX_SAFE_INTEGER);
      } else if (typeof value !== typeof model) {
        throw new ControlInputError(field, `must be a ${typeof model}`);
      }
    }
  }
  return body;
}

/** `POST /_sandbox/faults`: rates from 0 to 1, a whole-number seed, lists of names. */
function faultConfig(body: Record<string, unknown>): Partial<FaultConfig> {
  const known = noFaults() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    knownKey(key, key, known);
    const model = known[key];
    if (key === 'seed') integer(key, value, -(2 ** 31), 2 ** 32 - 1);
    else if (typeof model === 'number') finiteNumber(key, value, 0, 1);
    else if (Array.isArray(model)) {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
        throw new ControlInputError(key, 'must be a list of names');
    }
  }
  return body;
}

/** `POST /_sandbox/clock`: how far forward, in virtual milliseconds. */
function clockAdvanceMs(sandbox: SandboxCore, body: Record<string, unknown>): number {
  const seconds = finiteNumber('advanceSeconds', body.advanceSeconds, 0, MAX_DURATION_SECONDS);
  const ms = seconds * 1000;
  if (sandbox.now().getTime() + ms > LATEST_CLOCK_MS)
    throw new ControlInputError('advanceSeconds', 'would move the clock past the year 9999');
  return ms;
}

export function handleControl(sandbox: SandboxCore, request: SandboxRequest): SandboxResponse {
  const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_sandbox/health':
        return json(200, {
          status: 'ok',
          accounts: Object.keys(sandbox.world.accounts).length,
          // Absent only when the organizations service is not served (tests of the core).
          organizations: Object.keys(sandbox.world.organizations ?? {}).length,
          services: sandbox.services.map((s) => s.name),
        });
      case 'POST /_sandbox/reset':
        sandbox.reset();
        return json(200, { status: 'reset' });
      case 'GET /_sandbox/world':
        return json(200, sandbox.world);
      case 'POST /_sandbox/world': {
        const result = sandbox.loadDocument(readBody(request));
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
        return json(200, sandbox.faults.configure(faultConfig(readBody(request))));
      case 'GET /_sandbox/config':
        return json(200, sandbox.config);
      case 'POST /_sandbox/config':
        return json(200, sandbox.configure(configPatch(readBody(request))));
      case 'POST /_sandbox/clock':
        sandbox.advanceClock(clockAdvanceMs(sandbox, readBody(request)));
        return json(200, { now: sandbox.now().toISOString() });
      default:
        return json(404, { message: `no control route ${route}; see docs/sandbox.md` });
    }
  } catch (error) {
    if (error instanceof ControlInputError) return json(400, { message: error.message, field: error.field });
    if (error instanceof WorldDocumentError)
      return json(400, { message: error.message, issues: error.issues });
    if (error instanceof SyntaxError)
      return json(400, { message: `request body is not JSON: ${error.message}` });
    throw error;
  }
}
