/**
 * Creating identity store users and groups idempotently: create the principal, or, when AWS answers
 * that one with its unique name exists (ConflictException), adopt that one; either way its id is
 * recorded for the operations that refer to it.
 */
import {
  CreateGroupCommand,
  CreateUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { OrgwardError } from '../../errors/index.js';
import type { Operation, PrincipalRef } from '../../plan/operations.js';
import { isAwsCode, type ApplyContext } from '../context.js';
import { instance } from './instance.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/** What differs between creating a user and creating a group: `K` is where AWS's answers hold the id. */
export interface PrincipalCreation<K extends 'UserId' | 'GroupId' = 'UserId' | 'GroupId'> {
  /** For messages. */
  noun: 'user' | 'group';
  /** The principal, by name; the id it gets (or has) is recorded under it. */
  ref: PrincipalRef;
  idKey: K;
  /** Sends the create request. */
  create(client: IdentitystoreClient, identityStoreId: string): Promise<{ [P in K]?: string }>;
  /** Looks up the existing principal by its unique attribute (a user's userName, a group's displayName). */
  find(client: IdentitystoreClient, identityStoreId: string): Promise<{ [P in K]?: string }>;
}

/** Creates the principal, or adopts the existing one of its name, and records its id. */
export async function createOrAdopt<K extends 'UserId' | 'GroupId'>(
  ctx: ApplyContext,
  principal: PrincipalCreation<K>,
): Promise<void> {
  const { identityStoreId } = await instance(ctx);
  const client = ctx.factory.identityStore();
  let id: string | undefined;
  try {
    id = (await principal.create(client, identityStoreId))[principal.idKey];
  } catch (error) {
    if (!isAwsCode(error, 'ConflictException')) throw error;
    id = (await principal.find(client, identityStoreId))[principal.idKey];
  }
  if (!id)
    throw new OrgwardError('AWS_BAD_ANSWER', `${principal.noun} ${principal.ref.name} was not created`, {
      source: 'aws',
    });
  ctx.resolver.setPrincipal(principal.ref, id);
}

// `create` and `find` answer the SDK's own promise (no async wrapper): a handler built on them settles
// in as many steps as one written out, which keeps the order of a run's operations what it was.

export function userCreation(op: Op<'create-user'>): PrincipalCreation<'UserId'> {
  return {
    noun: 'user',
    ref: op.user,
    idKey: 'UserId',
    create: (client, identityStoreId) =>
      client.send(
        new CreateUserCommand({
          IdentityStoreId: identityStoreId,
          UserName: op.user.name,
          DisplayName: op.displayName,
          Name: {
            GivenName: op.givenName ?? op.displayName.split(' ')[0],
            FamilyName: op.familyName ?? (op.displayName.split(' ').slice(1).join(' ') || op.displayName),
          },
          ...(op.email ? { Emails: [{ Value: op.email, Type: 'work', Primary: true }] } : {}),
        }),
      ),
    find: (client, identityStoreId) =>
      client.send(
        new GetUserIdCommand({
          IdentityStoreId: identityStoreId,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: 'userName', AttributeValue: op.user.name },
          },
        }),
      ),
  };
}

export function groupCreation(op: Op<'create-group'>): PrincipalCreation<'GroupId'> {
  return {
    noun: 'group',
    ref: op.group,
    idKey: 'GroupId',
    create: (client, identityStoreId) =>
      client.send(
        new CreateGroupCommand({
          IdentityStoreId: identityStoreId,
          DisplayName: op.group.name,
          ...(op.description ? { Description: op.description } : {}),
        }),
      ),
    find: (client, identityStoreId) =>
      client.send(
        new GetGroupIdCommand({
          IdentityStoreId: identityStoreId,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: 'displayName', AttributeValue: op.group.name },
          },
        }),
      ),
  };
}
