/**
 * Moving accounts between organizations: what is read about the accounts and both organizations
 * (evidence), and the transfer plan made from it. Both are plain data; the plan is saved as JSON with a
 * version and fingerprints of both organizations, and `transfer execute` refuses a plan whose
 * organizations changed since.
 */
import type { PolicyType, SnapshotAccount } from './snapshot.js';

export const TRANSFER_PLAN_VERSION = 1;

/** How the account moves (docs/transfer.md#paths). */
export type TransferPath = 'direct' | 'standalone' | 'billing';

/** A target an organization policy is attached to, by path: the root, or an OU path such as `Workloads/Prod`. */
export type PolicyPlace = { kind: 'root' } | { kind: 'ou'; path: string } | { kind: 'account' };

export interface PlacedPolicy {
  name: string;
  type: PolicyType;
  awsManaged: boolean;
  /** Minified JSON. */
  content: string;
  /** Where on the account's path it is attached (root, an OU, the account itself). */
  at: PolicyPlace;
}

/** An Identity Center assignment, with the people it reaches. */
export interface AccessGrant {
  permissionSet: string;
  principalType: 'USER' | 'GROUP';
  principal: string;
  /** The users it reaches (a group's members; the user itself). */
  people: string[];
}

export interface StackInstanceEvidence {
  stackSet: string;
  region: string;
  /** The stack set deploys to OUs automatically. */
  autoDeployment: boolean;
  /** `RetainStacksOnAccountRemoval`: the stack (and its resources) stays when the account leaves. */
  retainStacks: boolean;
}

export interface MembershipEvidence {
  service: 'guardduty' | 'securityhub';
  region: string;
  /** The administrator account the account is a member of; null when none. */
  administrator: string | null;
}

/** A resource policy (or role trust) that names the source organization (its `o-` id or an `ou-` path). */
export interface OrgReference {
  accountId: string;
  service: 's3' | 'kms' | 'sqs' | 'sns' | 'lambda' | 'iam';
  region: string;
  /** The resource's ARN. */
  resource: string;
  /** The organization or OU identifiers found in it, with the condition keys that carry them. */
  matches: Array<{ value: string; key: string | null }>;
}

/** Everything read about one account that moves. */
export interface AccountEvidence {
  account: SnapshotAccount;
  /** The account's OU path in the source organization ('' for the root). */
  sourcePath: string;
  /** Service principals the account is delegated administrator for. */
  delegatedServices: string[];
  /** Policies reaching the account in the source organization, every enabled type. */
  sourcePolicies: PlacedPolicy[];
  /** Identity Center access to the account in the source organization. */
  access: AccessGrant[];
  stackInstances: StackInstanceEvidence[] | null;
  memberships: MembershipEvidence[] | null;
  /** Roles in the account that trust the source management account (its access role, e.g.). */
  managementRoles: string[] | null;
  iamUsers: { total: number; withPassword: number; withKeys: number } | null;
  root: { mfa: boolean; accessKeys: boolean } | null;
  supportPlan: SupportLevel | null;
  contacts: {
    primaryEmail: string | null;
    alternate: Record<'BILLING' | 'OPERATIONS' | 'SECURITY', { name: string; email: string } | null>;
  } | null;
  /** Parts that could not be read, each with why. */
  gaps: string[];
}

/**
 * What is read inside (or about) an account that moves; the rest of its evidence (policies, access,
 * delegated administration) comes from the source snapshot.
 */
export type AccountReads = Pick<
  AccountEvidence,
  | 'stackInstances'
  | 'memberships'
  | 'managementRoles'
  | 'iamUsers'
  | 'root'
  | 'supportPlan'
  | 'contacts'
  | 'gaps'
>;

/** The organization-wide logging and security coverage an account joins or leaves. */
export interface Coverage {
  /** Organization trails (name and home region). */
  trails: Array<{ name: string; region: string }>;
  /** Organization Config aggregators (name, account, region). */
  aggregators: Array<{ name: string; account: string; region: string }>;
  /** Per service and region: the administrator, and whether new members are enrolled automatically. */
  services: Array<{
    service: 'guardduty' | 'securityhub';
    region: string;
    admin: string;
    autoEnable: boolean;
  }>;
  /** Service-managed stack sets deploying automatically, with their targets (root or OU paths). */
  stackSets: Array<{ name: string; region: string; targets: string[] }>;
}

/** One organization as the transfer plan sees it. */
export interface OrganizationView {
  id: string;
  managementAccountId: string;
  managementEmail: string;
  /** When the management account joined (AWS gives no organization creation date; this is the proxy). */
  createdAt: string | null;
  partition: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  accounts: number;
  /** OU paths, with ids where known. */
  ous: Array<{ path: string; id: string | null }>;
  rootId: string | null;
  enabledPolicyTypes: PolicyType[];
  trustedAccess: string[] | null;
  rootCredentialsManagement: boolean | null;
  /** Policies by where they are attached (root and OUs). */
  policies: Array<PlacedPolicy & { ouPath: string | null }>;
  /** Identity Center assignments the organization gives to OUs or the root (from its org.yaml). */
  ouAccess: Array<AccessGrant & { target: string }> | null;
  coverage: Coverage | null;
  /** Open invitations (each holds an account slot until answered). */
  openInvitations: number | null;
  /** Billing transfers this organization has handed out (requested or accepted); at most one may be in force. */
  outboundBillingTransfers: number | null;
  /** The management account's support plan. */
  supportPlan: SupportLevel | null;
  /** Where the view came from: a live read, a snapshot file or an org.yaml. */
  source: 'live' | 'snapshot' | 'config';
  /** Hash of the organization's state the plan was made from (live or snapshot reads). */
  fingerprint: string | null;
}

export interface TransferEvidence {
  takenAt: string;
  source: OrganizationView;
  destination: OrganizationView;
  accounts: AccountEvidence[];
  /** Resource policies across the source organization that name it; null when not scanned. */
  references: OrgReference[] | null;
  /** Accounts and regions the reference scan covered. */
  scanned: { accounts: number; regions: string[] } | null;
}

/**
 * An account's support plan, from the severity levels the Support API offers it: none (Basic), up to
 * normal (Developer), up to urgent (Business), critical (Enterprise On-Ramp or Enterprise).
 */
export type SupportLevel = 'BASIC' | 'DEVELOPER' | 'BUSINESS' | 'ENTERPRISE';

export type CheckStatus = 'PASS' | 'FAIL' | 'UNKNOWN';

/** A rule that must hold for the move to succeed. */
export interface Blocker {
  id: string;
  title: string;
  status: CheckStatus;
  evidence: string;
  /** What to do when it fails. */
  fix?: string;
}

export type ChangeArea =
  | 'policies'
  | 'access'
  | 'logging'
  | 'security-services'
  | 'stack-sets'
  | 'resource-policies'
  | 'access-roles'
  | 'iam-users'
  | 'root'
  | 'support'
  | 'contacts'
  | 'billing';

/** Something the account loses or gains at acceptance. */
export interface Change {
  area: ChangeArea;
  /** `loses` / `gains` / `keeps`; `risk` when something breaks unless acted on. */
  effect: 'loses' | 'gains' | 'keeps' | 'risk';
  summary: string;
  detail?: string[];
}

export type Actor = 'source-admin' | 'destination-admin' | 'account-owner' | 'reseller' | 'human';

export interface RunbookStep {
  id: string;
  title: string;
  who: Actor;
  /** orgward runs it in `transfer execute`; otherwise a person does and marks it done. */
  automated: boolean;
  /** Stops execute until it is done (human steps) or confirmed (data-deleting ones). */
  gate: boolean;
  calls: string[];
  duration: string;
  detail?: string;
}

export interface AccountTransfer {
  accountId: string;
  accountName: string;
  sourcePath: string;
  destinationOu: string;
  blockers: Blocker[];
  changes: Change[];
  runbook: RunbookStep[];
  /** What execute does, with its own ids (kept in the journal). */
  steps: TransferStep[];
}

/** The steps `transfer execute` runs, in order, per account. */
export type TransferStep =
  | { id: string; kind: 'gate'; title: string; message: string }
  | { id: string; kind: 'deregister-administrator'; servicePrincipal: string }
  | { id: string; kind: 'remove' }
  | { id: string; kind: 'invite' }
  | { id: string; kind: 'accept' }
  | { id: string; kind: 'place'; ou: string }
  | {
      id: string;
      kind: 'assign';
      permissionSet: string;
      principalType: 'USER' | 'GROUP';
      principal: string;
    }
  | {
      id: string;
      kind: 'contacts';
      contacts: Partial<
        Record<
          'BILLING' | 'OPERATIONS' | 'SECURITY',
          { name: string; email: string; title: string; phone: string }
        >
      >;
    }
  | { id: string; kind: 'primary-email'; email: string }
  | { id: string; kind: 'transfer-responsibility'; startTimestamp: string }
  | { id: string; kind: 'accept-responsibility' };

export interface TransferPlan {
  version: typeof TRANSFER_PLAN_VERSION;
  createdAt: string;
  path: TransferPath;
  /** Why this path was chosen. */
  why: string;
  source: { organizationId: string; managementAccountId: string; fingerprint: string | null };
  destination: {
    organizationId: string;
    managementAccountId: string;
    fingerprint: string | null;
    from: OrganizationView['source'];
  };
  accounts: AccountTransfer[];
  /** Findings about both organizations, not one account (the reference scan's coverage, e.g.). */
  notes: string[];
  /** The evidence the plan was made from. */
  evidence: TransferEvidence;
}

/** The journal of `transfer execute`: one JSON line per step outcome. */
export interface TransferJournalEntry {
  at: string;
  /** The plan the entry belongs to (its source organization and creation time). */
  plan: string;
  account: string;
  step: string;
  status: 'done' | 'failed' | 'waiting';
  detail?: string;
  /** The invitation, once made (resume finds it here first). */
  handshakeId?: string;
}
