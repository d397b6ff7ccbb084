/** What an operation handler gets, and the helpers handlers share. */
import type { ClientFactory } from '../aws/clients.js';
import type { Sleep } from '../aws/rate-limiter.js';
import { AwsCallError } from '../errors/index.js';
import type { Operation } from '../plan/operations.js';
import type { Resolver } from './resolver.js';
import type { StatusWatcher } from './status-watcher.js';

/** What a transfer run adds to the context: the other principals, and what people decided. */
export interface TransferRunContext {
  /** The source organization's management account (the context's `factory` is the destination's). */
  source: ClientFactory;
  /** A session inside a moving account (to accept its invitation). */
  inAccount(accountId: string): ClientFactory;
  destinationOrganizationId: string;
  /** Gates marked done, as `<account>:<step>` (by a person with --done, or earlier runs). */
  done: ReadonlySet<string>;
  /** The person confirmed deregistering delegated administrators (--deregister). */
  deregister: boolean;
  /** The one-time code sent to the new root e-mail (--otp). */
  otp: string | undefined;
  /** Send a new invitation where the last one expired or was declined (--reinvite). */
  reinvite: boolean;
  /** The invitation of each account, as the journal knows it. */
  handshakes: Map<string, string>;
  /** The id of a destination OU, by path. */
  ouId(path: string): string;
}

export interface ApplyContext {
  factory: ClientFactory;
  /** Set when the run moves accounts between organizations. */
  transfer?: TransferRunContext;
  resolver: Resolver;
  sleep: Sleep;
  /** Milliseconds between listings of AWS's asynchronous requests still in progress, per family. */
  poll: PollIntervals;
  /** One watcher per kind of asynchronous request (and Identity Center instance) in this run. */
  watchers: Map<string, StatusWatcher>;
}

export interface PollIntervals {
  accountsMs: number;
  identityCenterMs: number;
}

/**
 * AWS creates an account in a minute or two, five at a time: one listing every 5 s covers all five.
 * Identity Center requests finish in seconds while only 15 may be outstanding, so a late answer holds a
 * slot idle: one listing a second (of the 20/s SSO Admin bucket) covers every outstanding request.
 */
export const DEFAULT_POLL: PollIntervals = { accountsMs: 5000, identityCenterMs: 1000 };

/** The run's watcher for `key`, made on first use. */
export function watcher(ctx: ApplyContext, key: string, make: () => StatusWatcher): StatusWatcher {
  let found = ctx.watchers.get(key);
  if (!found) {
    found = make();
    ctx.watchers.set(key, found);
  }
  return found;
}

/**
 * A handler answers nothing, or a note the outcome carries to the user (an account adopted instead of
 * created, say).
 */
export type Handler<O extends Operation = Operation> = (
  op: O,
  ctx: ApplyContext,
) => Promise<void | { note: string }>;

/** One handler per operation kind (the record is complete: the compiler checks every kind is handled). */
export type Handlers = { [K in Operation['kind']]?: Handler<Extract<Operation, { kind: K }>> };

/** Runs `call`; an AWS error with one of `codes` means "already so" and is not a failure. */
export async function ignoring(codes: readonly string[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof AwsCallError && codes.includes(error.awsCode)) return;
    throw error;
  }
}

export function isAwsCode(error: unknown, code: string): boolean {
  return error instanceof AwsCallError && error.awsCode === code;
}
