/** The organization as it is: read live through a client factory, or loaded from a saved snapshot. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { AwsCallError, UsageError } from '../errors/index.js';
import { snapshotSchema, type OrgSnapshot } from '../model/snapshot.js';
import { readSnapshot, type SnapshotRead } from '../read/snapshot.js';
import type { ReadOptions } from '../read/options.js';
import { progressOf, type EventSink } from './events.js';
import { readJsonFile } from './files.js';

export interface SnapshotOptions {
  /** Requests in flight per read phase (AWS's rates are kept by the factory's limiter anyway). */
  concurrency?: number;
}

/** Reads the whole organization (OUs, accounts, policies, Identity Center). Changes nothing in AWS. */
export async function snapshot(
  factory: ClientFactory,
  options: SnapshotOptions = {},
  sink?: EventSink,
): Promise<SnapshotRead> {
  const onProgress = progressOf(sink);
  const read = await readSnapshot(factory, {
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  for (const gap of read.snapshot.gaps)
    sink?.emit?.({
      type: 'warning',
      message: `${gap.part} was not read: ${gap.code} (${gap.service}:${gap.operation})`,
    });
  return read;
}

export interface LiveState {
  /** Null when the caller's account is in no organization yet. */
  snapshot: OrgSnapshot | null;
  factory: ClientFactory;
  /** The account the credentials belong to. */
  callerAccountId: string;
}

/** The live organization, or none (with the caller's account) when the account is in no organization. */
export async function liveState(
  factory: ClientFactory,
  sink?: EventSink,
  read: Pick<ReadOptions, 'identityCenter'> = {},
): Promise<LiveState> {
  try {
    const onProgress = progressOf(sink);
    const { snapshot } = await readSnapshot(factory, { ...read, ...(onProgress ? { onProgress } : {}) });
    return { snapshot, factory, callerAccountId: snapshot.source.callerAccountId };
  } catch (error) {
    if (error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException') {
      const identity = await factory.sts().send(new GetCallerIdentityCommand({}));
      return { snapshot: null, factory, callerAccountId: identity.Account ?? '' };
    }
    throw error;
  }
}

/** A snapshot saved with `orgward snapshot --out`, checked against the snapshot schema. */
export async function loadSnapshotFile(path: string): Promise<OrgSnapshot> {
  const raw = await readJsonFile(path, '--snapshot', 'pass a file written by `orgward snapshot --out FILE`');
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`--snapshot ${path} is not an orgward snapshot (version 1): ${first.join('; ')}`);
  }
  return parsed.data;
}
