/**
 * Names → ids while a plan runs: operations refer to objects by name where they did not exist when
 * the plan was made; each create records the id it got, and later operations read it here.
 */
import { OrgwardError } from '../errors/index.js';
import type {
  AccountRef,
  OuRef,
  PermissionSetRef,
  PolicyRef,
  PrincipalRef,
  TargetRef,
} from '../plan/operations.js';

export class Resolver {
  rootId: string | undefined;
  instanceArn: string | undefined;
  identityStoreId: string | undefined;
  private readonly ous = new Map<string, string>();
  private readonly accounts = new Map<string, string>();
  private readonly policies = new Map<string, string>();
  private readonly permissionSets = new Map<string, string>();
  private readonly principals = new Map<string, string>();

  private missing(what: string): never {
    throw new OrgwardError(
      'UNRESOLVED_REFERENCE',
      `${what} has no id yet (the operation that creates it did not run)`,
      { source: 'internal' },
    );
  }

  setOu(path: string, id: string): void {
    this.ous.set(path, id);
  }
  ou(ref: OuRef): string {
    if (ref.id) return ref.id;
    if (ref.path === '') return this.rootId ?? this.missing('the root');
    return this.ous.get(ref.path) ?? this.missing(`OU ${ref.path}`);
  }

  setAccount(name: string, id: string): void {
    this.accounts.set(name, id);
  }
  account(ref: AccountRef): string {
    return ref.id ?? this.accounts.get(ref.name) ?? this.missing(`account ${ref.name}`);
  }

  setPolicy(ref: PolicyRef, id: string): void {
    this.policies.set(`${ref.type}|${ref.name}`, id);
  }
  policy(ref: PolicyRef): string {
    return ref.id ?? this.policies.get(`${ref.type}|${ref.name}`) ?? this.missing(`policy ${ref.name}`);
  }

  target(ref: TargetRef): string {
    if (ref.kind === 'root') return ref.id ?? this.rootId ?? this.missing('the root');
    if (ref.kind === 'ou') return this.ou(ref);
    return this.account(ref);
  }

  setPermissionSet(name: string, arn: string): void {
    this.permissionSets.set(name, arn);
  }
  permissionSet(ref: PermissionSetRef): string {
    return ref.arn ?? this.permissionSets.get(ref.name) ?? this.missing(`permission set ${ref.name}`);
  }

  setPrincipal(ref: PrincipalRef, id: string): void {
    this.principals.set(`${ref.type}|${ref.name}`, id);
  }
  principal(ref: PrincipalRef): string {
    return (
      ref.id ??
      this.principals.get(`${ref.type}|${ref.name}`) ??
      this.missing(`${ref.type.toLowerCase()} ${ref.name}`)
    );
  }
}
