/**
 * From IAM users to Identity Center: the people (human console users) matched to Identity Center users
 * by e-mail or user name, IAM groups to Identity Center groups, each distinct set of policies (a group's,
 * or a user's own) to one permission set shared by every account that has it, and the assignments that
 * give each person in each account what their IAM user had there. Machines and break-glass users are
 * listed for a person with what should replace them. Pure: inventory and Identity Center in, proposal out.
 */
import type { IamInventory, IamUserRecord } from '../model/iam-users.js';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';

export type MatchBy = 'email' | 'username';

export interface PermissionSetProposal {
  name: string;
  description: string;
  managedPolicies: string[];
  customerManagedPolicies: Array<{ name: string; path: string }>;
  /** Minified JSON: every inline statement of the source, in one document. */
  inlinePolicy: string | undefined;
  /** Where the policies come from (`<account>/group:<name>` or `<account>/user:<name>`). */
  from: string[];
}

export interface PersonProposal {
  /** The Identity Center user name. */
  userName: string;
  status: 'matched' | 'create' | 'provider';
  email: string | undefined;
  displayName: string;
  iamUsers: string[];
}

export interface MappingProposal {
  identitySource: 'identityCenter' | 'external';
  match: MatchBy;
  people: PersonProposal[];
  groups: Array<{ name: string; members: string[]; exists: boolean }>;
  permissionSets: PermissionSetProposal[];
  assignments: Array<{
    principalType: 'USER' | 'GROUP';
    principal: string;
    permissionSet: string;
    account: string;
  }>;
  /** Users that do not move to Identity Center, with what a person should do. */
  forPerson: Array<{ account: string; userName: string; kind: string; action: string }>;
  notes: string[];
}

const PS_NAME = /[^\w+=,.@-]/g;
const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;
const CUSTOMER = /^arn:aws[\w-]*:iam::\d{12}:policy(\/.*\/|\/)([^/]+)$/;
const EMAIL_TAGS = ['email', 'Email', 'EMAIL', 'mail', 'e-mail'];

/** The e-mail address an IAM user carries (a tag, or a user name that is one). */
export function emailOf(user: IamUserRecord): string | undefined {
  for (const tag of EMAIL_TAGS) if (user.tags[tag]?.includes('@')) return user.tags[tag].toLowerCase();
  return user.userName.includes('@') ? user.userName.toLowerCase() : undefined;
}

/** The Identity Center user an IAM user is the same person as, or undefined. */
export function counterpartOf(
  user: IamUserRecord,
  ic: SnapshotIdentityCenter | null,
  match: MatchBy,
): SnapshotIdentityCenter['users'][number] | undefined {
  if (!ic) return undefined;
  if (match === 'email') {
    const email = emailOf(user);
    return email === undefined ? undefined : ic.users.find((u) => u.email?.toLowerCase() === email);
  }
  const name = user.userName.toLowerCase();
  return ic.users.find(
    (u) => u.userName.toLowerCase() === name || u.userName.toLowerCase().split('@')[0] === name,
  );
}

interface PolicySet {
  key: string;
  managed: string[];
  customer: Array<{ name: string; path: string }>;
  statements: unknown[];
}

function policySet(attached: Array<{ arn: string }>, inline: Array<{ document: string }>): PolicySet {
  const managed = attached
    .map((p) => p.arn)
    .filter((arn) => AWS_MANAGED.test(arn))
    .sort();
  const customer = attached
    .flatMap((p) => {
      const m = CUSTOMER.exec(p.arn);
      return m ? [{ name: m[2]!, path: m[1]! }] : [];
    })
    .sort((a, b) => `${a.path}${a.name}`.localeCompare(`${b.path}${b.name}`));
  const statements = inline.flatMap((p) => {
    const doc = JSON.parse(p.document) as { Statement?: unknown };
    return Array.isArray(doc.Statement)
      ? (doc.Statement as unknown[])
      : doc.Statement === undefined
        ? []
        : [doc.Statement];
  });
  return { key: JSON.stringify([managed, customer, statements]), managed, customer, statements };
}

const isEmpty = (s: PolicySet) => s.managed.length + s.customer.length + s.statements.length === 0;

/** A permission set name (≤ 32 characters of letters, digits and +=,.@-_) not yet taken. */
function uniqueName(base: string, taken: Set<string>): string {
  const clean = base.replace(PS_NAME, '-').slice(0, 32) || 'Migrated';
  let name = clean;
  for (let i = 2; taken.has(name); i++) name = `${clean.slice(0, 32 - String(i).length - 1)}-${i}`;
  taken.add(name);
  return name;
}

function person(
  user: IamUserRecord,
  ic: SnapshotIdentityCenter | null,
  match: MatchBy,
  external: boolean,
): Omit<PersonProposal, 'iamUsers'> {
  const found = counterpartOf(user, ic, match);
  if (found)
    return {
      userName: found.userName,
      status: 'matched',
      email: found.email ?? undefined,
      displayName: found.displayName ?? found.userName,
    };
  const email = emailOf(user);
  return {
    userName: email ?? user.userName,
    status: external ? 'provider' : 'create',
    email,
    displayName: user.tags['Name'] ?? user.tags['name'] ?? user.userName,
  };
}

/** What is left for a person: machines, break-glass users, people the identity provider must create. */
function forPersonOf(users: readonly IamUserRecord[]): MappingProposal['forPerson'] {
  return users.flatMap((u): MappingProposal['forPerson'] => {
    const kind = u.classification.kind;
    if (kind === 'machine')
      return [
        {
          account: u.accountName,
          userName: u.userName,
          kind,
          action: `replace its keys with an IAM role the workload assumes (instance profile, ECS/EKS task role, or OIDC federation for CI); ${u.classification.reasons.join(', ')}`,
        },
      ];
    if (kind === 'break-glass')
      return [
        {
          account: u.accountName,
          userName: u.userName,
          kind,
          action:
            'decide with its owners: one documented emergency path (the Identity Center administrator set, root through centralized root access) replaces it',
        },
      ];
    if (kind === 'dormant')
      return [
        {
          account: u.accountName,
          userName: u.userName,
          kind,
          action: 'nobody uses it: retire it (orgward iam-users retire --dormant-days …)',
        },
      ];
    return [];
  });
}

/** Each human IAM user's Identity Center person; the same person from several accounts is one. */
function matchPeople(
  humans: readonly IamUserRecord[],
  ic: SnapshotIdentityCenter | null,
  match: MatchBy,
  external: boolean,
): { people: Map<string, PersonProposal>; personOf: Map<IamUserRecord, string> } {
  const people = new Map<string, PersonProposal>();
  const personOf = new Map<IamUserRecord, string>();
  for (const user of humans) {
    const p = person(user, ic, match, external);
    const entry = people.get(p.userName) ?? { ...p, iamUsers: [] };
    entry.iamUsers.push(`${user.accountName}/${user.userName}`);
    people.set(p.userName, entry);
    personOf.set(user, p.userName);
  }
  return { people, personOf };
}

/** Distinct policy sets as permission sets: one per set, shared by every account and group that has it. */
class PermissionSets {
  readonly byKey = new Map<string, PermissionSetProposal>();
  private readonly taken: Set<string>;

  constructor(ic: SnapshotIdentityCenter | null) {
    this.taken = new Set(ic?.permissionSets.map((p) => p.name) ?? []);
  }

  /** The permission set's name for this set of policies, made on first sight. */
  nameFor(s: PolicySet, base: string, from: string): string {
    const found = this.byKey.get(s.key);
    if (found) {
      if (!found.from.includes(from)) found.from.push(from);
      return found.name;
    }
    const name = uniqueName(base, this.taken);
    this.byKey.set(s.key, {
      name,
      description: `Migrated from IAM (${from})`,
      managedPolicies: s.managed,
      customerManagedPolicies: s.customer,
      inlinePolicy: s.statements.length
        ? JSON.stringify({ Version: '2012-10-17', Statement: s.statements })
        : undefined,
      from: [from],
    });
    return name;
  }
}

type Assignment = MappingProposal['assignments'][number];

/**
 * Groups and assignments: an IAM group's people into an Identity Center group assigned its permission
 * set in the group's account; a user's own policies as a user assignment. An IAM group belongs to one
 * account: a name used in several accounts becomes one group per account.
 */
function groupsAndAssignments(
  inventory: IamInventory,
  humans: readonly IamUserRecord[],
  personOf: Map<IamUserRecord, string>,
  sets: PermissionSets,
): { groups: Map<string, Set<string>>; assignments: Map<string, Assignment> } {
  const groups = new Map<string, Set<string>>();
  const assignments = new Map<string, Assignment>();
  const assign = (a: Assignment) =>
    assignments.set(`${a.principalType}|${a.principal}|${a.permissionSet}|${a.account}`, a);
  const accounts = new Map(inventory.accounts.map((a) => [a.accountId, a]));
  const groupAccounts = new Map<string, Set<string>>();
  for (const user of humans)
    for (const g of user.groups)
      (groupAccounts.get(g) ?? groupAccounts.set(g, new Set()).get(g)!).add(user.accountId);
  const icGroupName = (group: string, account: string) =>
    (groupAccounts.get(group)?.size ?? 0) > 1 ? `${group}-${account}` : group;
  for (const user of humans) {
    const who = personOf.get(user)!;
    for (const iamGroup of user.groups) {
      const group = accounts.get(user.accountId)?.groups.find((g) => g.name === iamGroup);
      if (!group) continue;
      const s = policySet(group.attachedPolicies, group.inlinePolicies);
      if (isEmpty(s)) continue;
      const ps = sets.nameFor(s, iamGroup, `${user.accountName}/group:${iamGroup}`);
      const groupName = icGroupName(iamGroup, user.accountName);
      (groups.get(groupName) ?? groups.set(groupName, new Set()).get(groupName)!).add(who);
      assign({ principalType: 'GROUP', principal: groupName, permissionSet: ps, account: user.accountName });
    }
    const own = policySet(user.attachedPolicies, user.inlinePolicies);
    if (isEmpty(own)) continue;
    const ps = sets.nameFor(
      own,
      `${user.userName.split('@')[0]}-direct`,
      `${user.accountName}/user:${user.userName}`,
    );
    assign({ principalType: 'USER', principal: who, permissionSet: ps, account: user.accountName });
  }
  return { groups, assignments };
}

/** What a person should check: IAM's per-role limits, and boundaries a permission set does not carry. */
function notesOf(sets: Iterable<PermissionSetProposal>, humans: readonly IamUserRecord[]): string[] {
  const notes: string[] = [];
  for (const ps of sets) {
    const managed = ps.managedPolicies.length + ps.customerManagedPolicies.length;
    if (managed > 10)
      notes.push(
        `permission set ${ps.name} attaches ${managed} managed policies: IAM allows 10 per role unless raised`,
      );
    if ((ps.inlinePolicy?.length ?? 0) > 10_240)
      notes.push(
        `permission set ${ps.name}: its inline policy exceeds 10,240 characters; split it into a customer-managed policy`,
      );
  }
  for (const user of humans)
    if (user.permissionsBoundary)
      notes.push(
        `${user.accountName}/${user.userName} has the permissions boundary ${user.permissionsBoundary}: add it to its permission sets if it must stay`,
      );
  return notes;
}

/**
 * The Identity Center side of moving the inventory's people. `identitySource` is the file's (or, without
 * one, external when every Identity Center user came from a provider).
 */
export function mapToIdentityCenter(
  inventory: IamInventory,
  ic: SnapshotIdentityCenter | null,
  options: { match: MatchBy; identitySource: 'identityCenter' | 'external' },
): MappingProposal {
  const humans = inventory.users.filter((u) => u.classification.kind === 'human');
  const { people, personOf } = matchPeople(humans, ic, options.match, options.identitySource === 'external');
  const sets = new PermissionSets(ic);
  const { groups, assignments } = groupsAndAssignments(inventory, humans, personOf, sets);
  const forPerson = forPersonOf(inventory.users);
  for (const p of people.values())
    if (p.status === 'provider')
      forPerson.push({
        account: p.iamUsers.join(', '),
        userName: p.userName,
        kind: 'human',
        action: 'provision this person in your identity provider (the SCIM app for AWS), then plan again',
      });
  const icGroups = new Set(ic?.groups.map((g) => g.displayName) ?? []);
  // Under an external source the provider makes the groups too: what each must hold.
  if (options.identitySource === 'external')
    for (const [name, members] of groups)
      if (!icGroups.has(name))
        forPerson.push({
          account: '(identity provider)',
          userName: name,
          kind: 'group',
          action: `create group ${name} in your identity provider with ${[...members].sort().join(', ')} and push it through SCIM; the assignments name it`,
        });
  return {
    identitySource: options.identitySource,
    match: options.match,
    people: [...people.values()].sort((a, b) => a.userName.localeCompare(b.userName)),
    groups: [...groups]
      .map(([name, members]) => ({ name, members: [...members].sort(), exists: icGroups.has(name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    permissionSets: [...sets.byKey.values()].sort((a, b) => a.name.localeCompare(b.name)),
    assignments: [...assignments.values()].sort((a, b) =>
      `${a.account}|${a.principalType}|${a.principal}|${a.permissionSet}`.localeCompare(
        `${b.account}|${b.principalType}|${b.principal}|${b.permissionSet}`,
      ),
    ),
    forPerson,
    notes: notesOf(sets.byKey.values(), humans),
  };
}

/**
 * The proposal as org.yaml's `identityCenter:` part. Under an external source the file lists no people
 * or groups (the provider's; assignments name them); otherwise it lists the people and groups it
 * references, with their members.
 */
export function fragmentOf(proposal: MappingProposal): Record<string, unknown> {
  const external = proposal.identitySource === 'external';
  const people = proposal.people.filter((p) => p.status !== 'provider');
  return {
    ...(external ? { identitySource: 'external' } : {}),
    ...(external || people.length === 0
      ? {}
      : {
          users: Object.fromEntries(
            people.map((p) => [
              p.userName,
              { displayName: p.displayName, ...(p.email ? { email: p.email } : {}) },
            ]),
          ),
        }),
    ...(external || proposal.groups.length === 0
      ? {}
      : { groups: Object.fromEntries(proposal.groups.map((g) => [g.name, { members: g.members }])) }),
    permissionSets: Object.fromEntries(
      proposal.permissionSets.map((ps) => [
        ps.name,
        {
          description: ps.description.slice(0, 700),
          ...(ps.managedPolicies.length ? { managedPolicies: ps.managedPolicies } : {}),
          ...(ps.customerManagedPolicies.length
            ? { customerManagedPolicies: ps.customerManagedPolicies }
            : {}),
          ...(ps.inlinePolicy ? { inlinePolicy: JSON.parse(ps.inlinePolicy) as unknown } : {}),
        },
      ]),
    ),
    assignments: proposal.assignments.map((a) => ({
      [a.principalType === 'USER' ? 'user' : 'group']: a.principal,
      permissionSet: a.permissionSet,
      targets: [`account:${a.account}`],
    })),
  };
}
