/** Where a command gets the organization from: a saved snapshot file, or a live read. */
import { readFile } from 'node:fs/promises';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ClientFactory } from '../aws/clients.js';
import { AwsCallError, UsageError } from '../errors/index.js';
import { snapshotSchema, type OrgSnapshot } from '../model/snapshot.js';
import { readSnapshot } from '../read/snapshot.js';
import { awsTargetFrom, type GlobalOptions } from './context.js';
import { progressReporter } from './progress.js';

export async function loadSnapshotFile(path: string): Promise<OrgSnapshot> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--snapshot ${path}: ${(error as Error).message}`,
      'pass a file written by `orgward snapshot --out FILE`',
    );
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`--snapshot ${path} is not an orgward snapshot (version 1): ${first.join('; ')}`);
  }
  return parsed.data;
}

export interface LiveState {
  snapshot: OrgSnapshot | null;
  factory: ClientFactory;
  /** The account the credentials belong to. */
  callerAccountId: string;
}

export async function liveSnapshot(global: GlobalOptions): Promise<LiveState> {
  const factory = new ClientFactory(awsTargetFrom(global));
  const progress = progressReporter();
  try {
    const { snapshot } = await readSnapshot(factory, { onProgress: progress.onProgress });
    return { snapshot, factory, callerAccountId: snapshot.source.callerAccountId };
  } catch (error) {
    if (error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException') {
      const identity = await factory.sts().send(new GetCallerIdentityCommand({}));
      return { snapshot: null, factory, callerAccountId: identity.Account ?? '' };
    }
    throw error;
  } finally {
    progress.done();
  }
}
