/** What an operation handler gets, and the helpers handlers share. */
import type { ClientFactory } from '../aws/clients.js';
import type { Sleep } from '../aws/rate-limiter.js';
import { AwsCallError } from '../errors/index.js';
import type { Operation } from '../plan/operations.js';
import type { Resolver } from './resolver.js';

export interface ApplyContext {
  factory: ClientFactory;
  resolver: Resolver;
  sleep: Sleep;
  /** Polling of AWS's asynchronous requests: first wait, doubling up to the maximum. */
  poll: { initialMs: number; maxMs: number };
}

export type Handler<O extends Operation = Operation> = (op: O, ctx: ApplyContext) => Promise<void>;

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
