/**
 * Organizations operations. Each handler is idempotent: an object that already exists (a re-run after
 * an interruption) is found and recorded instead of created twice.
 */
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DeregisterDelegatedAdministratorCommand,
  DetachPolicyCommand,
  DisableAWSServiceAccessCommand,
  DisablePolicyTypeCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  RegisterDelegatedAdministratorCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePolicyCommand,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListAccounts,
  paginateListCreateAccountStatus,
  DescribeCreateAccountStatusCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
} from '@aws-sdk/client-iam';
import { createdAccountId, startAccountCreation } from '../create-account.js';
import { OrgwardError } from '../../errors/index.js';
import { StatusWatcher } from '../status-watcher.js';
import type { Operation } from '../../plan/operations.js';
import type { ApplyContext, Handlers } from '../context.js';
import { ignoring, watcher, isAwsCode } from '../context.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

async function rootId(client: OrganizationsClient): Promise<string> {
  const id = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  if (!id) throw new OrgwardError('AWS_BAD_ANSWER', 'ListRoots answered no root', { source: 'aws' });
  return id;
}

async function findOu(
  client: OrganizationsClient,
  parentId: string,
  name: string,
): Promise<string | undefined> {
  for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
    const found = page.OrganizationalUnits?.find((ou) => ou.Name === name);
    if (found?.Id) return found.Id;
  }
  return undefined;
}

/**
 * What already exists for a re-run after an interrupted apply: accounts by email and creations still in
 * progress by account name. Listed once per run (ListAccounts, ListCreateAccountStatus) and shared by
 * every create-account operation, instead of a tree walk per account.
 */
interface ExistingAccounts {
  byEmail: Map<string, string>;
  pendingByName: Map<string, string>;
}

const existingByRun = new WeakMap<ApplyContext['resolver'], Promise<ExistingAccounts>>();

function existingAccounts(client: OrganizationsClient, ctx: ApplyContext): Promise<ExistingAccounts> {
  let existing = existingByRun.get(ctx.resolver);
  if (!existing) {
    existing = (async () => {
      const byEmail = new Map<string, string>();
      for await (const page of paginateListAccounts({ client }, {}))
        for (const a of page.Accounts ?? []) if (a.Email && a.Id) byEmail.set(a.Email.toLowerCase(), a.Id);
      const pendingByName = new Map<string, string>();
      for await (const page of paginateListCreateAccountStatus({ client }, { States: ['IN_PROGRESS'] }))
        for (const s of page.CreateAccountStatuses ?? [])
          if (s.AccountName && s.Id) pendingByName.set(s.AccountName, s.Id);
      return { byEmail, pendingByName };
    })();
    existingByRun.set(ctx.resolver, existing);
  }
  return existing;
}

/** Account creations of this run, watched together (one ListCreateAccountStatus covers all five). */
function creations(client: OrganizationsClient, ctx: ApplyContext): StatusWatcher {
  return watcher(
    ctx,
    'create-account',
    () =>
      new StatusWatcher(
        {
          listInProgress: async () => {
            const open = new Set<string>();
            for await (const page of paginateListCreateAccountStatus({ client }, { States: ['IN_PROGRESS'] }))
              for (const s of page.CreateAccountStatuses ?? []) if (s.Id) open.add(s.Id);
            return open;
          },
          describe: async (id) => {
            const status = (
              await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))
            ).CreateAccountStatus;
            return {
              status: status?.State ?? 'FAILED',
              ...(status?.FailureReason ? { failureReason: status.FailureReason } : {}),
              ...(status?.AccountId ? { result: status.AccountId } : {}),
            };
          },
        },
        ctx.sleep,
        ctx.poll.accountsMs,
      ),
  );
}

/**
 * When CreateAccount ran but its answer was lost (a 500, a dropped connection), the retry layer sends it
 * again and that second request fails with EMAIL_ALREADY_EXISTS: the account exists, or is being created,
 * for exactly this email. Find it — in the organization by email, else among the creations in progress by
 * name — and adopt it; anything else (or nothing found) keeps the original failure.
 */
async function adoptAfterLostAnswer(
  client: OrganizationsClient,
  ctx: ApplyContext,
  request: { name: string; email: string },
  failure: unknown,
): Promise<string> {
  if (!(failure instanceof OrgwardError && failure.code === 'ACCOUNT_CREATION_FAILED')) throw failure;
  if (!failure.message.endsWith('EMAIL_ALREADY_EXISTS')) throw failure;
  const email = request.email.toLowerCase();
  for await (const page of paginateListAccounts({ client }, {}))
    for (const a of page.Accounts ?? []) if (a.Id && a.Email?.toLowerCase() === email) return a.Id;
  for await (const page of paginateListCreateAccountStatus({ client }, { States: ['IN_PROGRESS'] }))
    for (const s of page.CreateAccountStatuses ?? [])
      if (s.Id && s.AccountName === request.name) return created(client, ctx, request, s);
  throw failure;
}

/** Waits for a creation request; answers the new account's id or throws AWS's reason. */
async function created(
  client: OrganizationsClient,
  ctx: ApplyContext,
  request: { name: string; email: string },
  started: { Id?: string; State?: string; AccountId?: string; FailureReason?: string },
): Promise<string> {
  if (started.State !== 'IN_PROGRESS') return createdAccountId(request, started);
  const done = await creations(client, ctx).wait(started.Id!);
  return createdAccountId(request, {
    State: done.status,
    ...(done.result ? { AccountId: done.result } : {}),
    ...(done.failureReason ? { FailureReason: done.failureReason } : {}),
  });
}

export const organizationHandlers: Handlers = {
  'create-organization': async (op: Op<'create-organization'>, ctx) => {
    const client = ctx.factory.organizations();
    await ignoring(['AlreadyInOrganizationException'], () =>
      client.send(new CreateOrganizationCommand({ FeatureSet: op.featureSet })),
    );
    ctx.resolver.rootId = await rootId(client);
  },
  'enable-policy-type': async (op: Op<'enable-policy-type'>, ctx) => {
    const client = ctx.factory.organizations();
    await ignoring(['PolicyTypeAlreadyEnabledException'], () =>
      client.send(new EnablePolicyTypeCommand({ RootId: ctx.resolver.rootId!, PolicyType: op.policyType })),
    );
  },
  'disable-policy-type': async (op: Op<'disable-policy-type'>, ctx) => {
    await ignoring(['PolicyTypeNotEnabledException'], () =>
      ctx.factory
        .organizations()
        .send(new DisablePolicyTypeCommand({ RootId: ctx.resolver.rootId!, PolicyType: op.policyType })),
    );
  },
  'enable-trusted-access': async (op: Op<'enable-trusted-access'>, ctx) => {
    await ctx.factory
      .organizations()
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: op.servicePrincipal }));
  },
  'disable-trusted-access': async (op: Op<'disable-trusted-access'>, ctx) => {
    await ctx.factory
      .organizations()
      .send(new DisableAWSServiceAccessCommand({ ServicePrincipal: op.servicePrincipal }));
  },
  'register-delegated-administrator': async (op: Op<'register-delegated-administrator'>, ctx) => {
    await ignoring(['AccountAlreadyRegisteredException'], () =>
      ctx.factory.organizations().send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: ctx.resolver.account(op.account),
          ServicePrincipal: op.servicePrincipal,
        }),
      ),
    );
  },
  'deregister-delegated-administrator': async (op: Op<'deregister-delegated-administrator'>, ctx) => {
    await ignoring(['AccountNotRegisteredException'], () =>
      ctx.factory.organizations().send(
        new DeregisterDelegatedAdministratorCommand({
          AccountId: ctx.resolver.account(op.account),
          ServicePrincipal: op.servicePrincipal,
        }),
      ),
    );
  },
  'enable-root-access-feature': async (op: Op<'enable-root-access-feature'>, ctx) => {
    const iam = ctx.factory.iam();
    await (op.feature === 'RootCredentialsManagement'
      ? iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}))
      : iam.send(new EnableOrganizationsRootSessionsCommand({})));
  },
  'disable-root-access-feature': async (op: Op<'disable-root-access-feature'>, ctx) => {
    const iam = ctx.factory.iam();
    await (op.feature === 'RootCredentialsManagement'
      ? iam.send(new DisableOrganizationsRootCredentialsManagementCommand({}))
      : iam.send(new DisableOrganizationsRootSessionsCommand({})));
  },
  'create-ou': async (op: Op<'create-ou'>, ctx) => {
    const client = ctx.factory.organizations();
    const parentId = ctx.resolver.ou(op.parent);
    const tags = Object.entries(op.tags).map(([Key, Value]) => ({ Key, Value }));
    let id: string | undefined;
    try {
      id = (
        await client.send(
          new CreateOrganizationalUnitCommand({
            ParentId: parentId,
            Name: op.name,
            ...(tags.length ? { Tags: tags } : {}),
          }),
        )
      ).OrganizationalUnit?.Id;
    } catch (error) {
      if (!isAwsCode(error, 'DuplicateOrganizationalUnitException')) throw error;
      id = await findOu(client, parentId, op.name);
    }
    if (!id) throw new OrgwardError('AWS_BAD_ANSWER', `OU ${op.ou.path} was not created`, { source: 'aws' });
    ctx.resolver.setOu(op.ou.path, id);
  },
  'delete-ou': async (op: Op<'delete-ou'>, ctx) => {
    await ignoring(['OrganizationalUnitNotFoundException'], () =>
      ctx.factory
        .organizations()
        .send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ctx.resolver.ou(op.ou) })),
    );
  },
  'create-account': async (op: Op<'create-account'>, ctx) => {
    const client = ctx.factory.organizations();
    const existing = await existingAccounts(client, ctx);
    let id = existing.byEmail.get(op.email.toLowerCase());
    let note: string | undefined;
    if (!id) {
      const request = {
        name: op.account.name,
        email: op.email,
        ...(Object.keys(op.tags).length ? { tags: op.tags } : {}),
      };
      const pending = existing.pendingByName.get(op.account.name);
      try {
        id = await created(
          client,
          ctx,
          request,
          pending ? { Id: pending, State: 'IN_PROGRESS' } : await startAccountCreation(client, request),
        );
      } catch (error) {
        id = await adoptAfterLostAnswer(client, ctx, request, error);
        note = `adopted account ${id}: a CreateAccount whose answer was lost had already created it`;
      }
    }
    ctx.resolver.setAccount(op.account.name, id);
    const parentId = ctx.resolver.ou(op.parent);
    const root = ctx.resolver.rootId ?? (await rootId(client));
    if (parentId !== root) {
      await ignoring(['DuplicateAccountException'], () =>
        client.send(
          new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parentId }),
        ),
      );
    }
    return note ? { note } : undefined;
  },
  'move-account': async (op: Op<'move-account'>, ctx) => {
    await ignoring(['DuplicateAccountException'], () =>
      ctx.factory.organizations().send(
        new MoveAccountCommand({
          AccountId: ctx.resolver.account(op.account),
          SourceParentId: ctx.resolver.ou(op.from),
          DestinationParentId: ctx.resolver.ou(op.to),
        }),
      ),
    );
  },
  'close-account': async (op: Op<'close-account'>, ctx) => {
    await ignoring(['AccountAlreadyClosedException'], () =>
      ctx.factory
        .organizations()
        .send(new CloseAccountCommand({ AccountId: ctx.resolver.account(op.account) })),
    );
  },
  'tag-resource': async (op: Op<'tag-resource'>, ctx) => {
    const client = ctx.factory.organizations();
    const resourceId =
      op.target.kind === 'policy' ? ctx.resolver.policy(op.target) : ctx.resolver.target(op.target);
    if (op.remove.length)
      await client.send(new UntagResourceCommand({ ResourceId: resourceId, TagKeys: op.remove }));
    const tags = Object.entries(op.set).map(([Key, Value]) => ({ Key, Value }));
    if (tags.length) await client.send(new TagResourceCommand({ ResourceId: resourceId, Tags: tags }));
  },
  'create-policy': async (op: Op<'create-policy'>, ctx) => {
    const client = ctx.factory.organizations();
    const tags = Object.entries(op.tags).map(([Key, Value]) => ({ Key, Value }));
    let id: string | undefined;
    try {
      id = (
        await client.send(
          new CreatePolicyCommand({
            Name: op.policy.name,
            Type: op.policy.type,
            Description: op.description,
            Content: op.content,
            ...(tags.length ? { Tags: tags } : {}),
          }),
        )
      ).Policy?.PolicySummary?.Id;
    } catch (error) {
      if (!isAwsCode(error, 'DuplicatePolicyException')) throw error;
      for await (const page of paginateListPolicies({ client }, { Filter: op.policy.type })) {
        id ??= page.Policies?.find((p) => p.Name === op.policy.name)?.Id;
      }
      if (id)
        await client.send(
          new UpdatePolicyCommand({ PolicyId: id, Content: op.content, Description: op.description }),
        );
    }
    if (!id)
      throw new OrgwardError('AWS_BAD_ANSWER', `policy ${op.policy.name} was not created`, { source: 'aws' });
    ctx.resolver.setPolicy(op.policy, id);
  },
  'update-policy': async (op: Op<'update-policy'>, ctx) => {
    await ctx.factory.organizations().send(
      new UpdatePolicyCommand({
        PolicyId: ctx.resolver.policy(op.policy),
        ...(op.content !== undefined ? { Content: op.content } : {}),
        ...(op.description !== undefined ? { Description: op.description } : {}),
      }),
    );
  },
  'delete-policy': async (op: Op<'delete-policy'>, ctx) => {
    await ignoring(['PolicyNotFoundException'], () =>
      ctx.factory.organizations().send(new DeletePolicyCommand({ PolicyId: ctx.resolver.policy(op.policy) })),
    );
  },
  'attach-policy': async (op: Op<'attach-policy'>, ctx) => {
    await ignoring(['DuplicatePolicyAttachmentException'], () =>
      ctx.factory.organizations().send(
        new AttachPolicyCommand({
          PolicyId: ctx.resolver.policy(op.policy),
          TargetId: ctx.resolver.target(op.target),
        }),
      ),
    );
  },
  'detach-policy': async (op: Op<'detach-policy'>, ctx) => {
    await ignoring(['PolicyNotAttachedException'], () =>
      ctx.factory.organizations().send(
        new DetachPolicyCommand({
          PolicyId: ctx.resolver.policy(op.policy),
          TargetId: ctx.resolver.target(op.target),
        }),
      ),
    );
  },
};
