/**
 * AWS Organizations state: `world.organizations` (by organization id), `world.handshakes` (by handshake
 * id; a handshake spans two organizations, so it lives beside them) and `world.responsibilityTransfers`
 * (by transfer id; a billing transfer spans two organizations too). One organization per management
 * account; an account belongs to at most one. The three members are declared on the world here and
 * created by {@link prepareOrganizationsWorld} (the service's `prepareWorld`) or on first use.
 */
import type { World } from '../../world.js';
import type { CreateAccountFailureReason } from './shapes.generated.js';

declare module '../../world.js' {
  interface World {
    /** AWS Organizations: every organization, by id (`services/organizations/state.ts`). */
    organizations: Record<string, OrganizationState>;
    /** AWS Organizations: every handshake, by id (`services/organizations/state.ts`). */
    handshakes: Record<string, HandshakeStateRecord>;
    /** AWS Organizations: every responsibility (billing) transfer, by id (`services/organizations/state.ts`). */
    responsibilityTransfers: Record<string, ResponsibilityTransferState>;
  }
}

export type PolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'TAG_POLICY'
  | 'BACKUP_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'CHATBOT_POLICY'
  | 'DECLARATIVE_POLICY_EC2'
  | 'SECURITYHUB_POLICY';

export type AccountState = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface Tag {
  Key: string;
  Value: string;
}

export interface RootState {
  id: string;
  name: string;
  /** Policy types enabled on the root (`ENABLED`; the sandbox settles PENDING_* at once). */
  policyTypes: PolicyType[];
  tags: Tag[];
}

export interface OuState {
  id: string;
  name: string;
  parentId: string;
  tags: Tag[];
}

export interface MemberState {
  accountId: string;
  parentId: string;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: string;
  state: AccountState;
  tags: Tag[];
  /** When CloseAccount was called (the account stays PENDING_CLOSURE, then SUSPENDED, as AWS shows it). */
  closedAt?: string;
}

export interface PolicyState {
  id: string;
  name: string;
  description: string;
  type: PolicyType;
  content: string;
  awsManaged: boolean;
  tags: Tag[];
}

export interface CreateAccountRequestState {
  id: string;
  accountName: string;
  email: string;
  roleName: string;
  iamUserAccessToBilling: 'ALLOW' | 'DENY';
  tags: Tag[];
  requestedTimestamp: string;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  /** Describe calls seen while IN_PROGRESS (the settle rule counts them). */
  polls: number;
  accountId?: string;
  completedTimestamp?: string;
  failureReason?: CreateAccountFailureReason;
}

export interface DelegatedAdminState {
  accountId: string;
  servicePrincipal: string;
  delegationEnabledDate: string;
}

export interface OrganizationState {
  id: string;
  arn: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  managementAccountId: string;
  createdAt: string;
  root: RootState;
  ous: Record<string, OuState>;
  /** Member accounts (the management account included), by account id. */
  members: Record<string, MemberState>;
  /** Customer and AWS-managed policies, by policy id. */
  policies: Record<string, PolicyState>;
  /** Attached policy ids by target id (root, OU or account). */
  attachments: Record<string, string[]>;
  /** Trusted service access: service principal → ISO date enabled. */
  trustedServices: Record<string, string>;
  delegatedAdmins: DelegatedAdminState[];
  createAccountRequests: Record<string, CreateAccountRequestState>;
  /**
   * Ids of the creation requests still IN_PROGRESS, so that settling them before each request does
   * not walk every request ever made. Absent in older worlds: rebuilt from `createAccountRequests`.
   */
  inProgressRequests?: string[];
  /** IAM centralized root access features enabled for this organization (`ListOrganizationsFeatures`). */
  iamFeatures: Array<'RootCredentialsManagement' | 'RootSessions'>;
}

export type HandshakeState = 'REQUESTED' | 'OPEN' | 'CANCELED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED';

export interface HandshakeStateRecord {
  id: string;
  arn: string;
  action:
    | 'INVITE'
    | 'ENABLE_ALL_FEATURES'
    | 'APPROVE_ALL_FEATURES'
    | 'ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE'
    | 'TRANSFER_RESPONSIBILITY';
  organizationId: string;
  /** The account invited (target party). */
  targetAccountId: string;
  state: HandshakeState;
  requestedTimestamp: string;
  expirationTimestamp: string;
  notes?: string;
  tags: Tag[];
  /** TRANSFER_RESPONSIBILITY: the transfer this handshake proposes. */
  responsibilityTransferId?: string;
}

export type ResponsibilityTransferStatus =
  'REQUESTED' | 'DECLINED' | 'CANCELED' | 'EXPIRED' | 'ACCEPTED' | 'WITHDRAWN';

/**
 * A responsibility transfer (`BILLING`, the only type): the source organization's management account
 * hands the responsibility to the target organization's management account (the one that invited it)
 * from `startTimestamp` to `endTimestamp` (open-ended until terminated).
 */
export interface ResponsibilityTransferState {
  id: string;
  type: 'BILLING';
  /** The name the target (inbound) side gave it (`SourceName`, `UpdateResponsibilityTransfer`). */
  name: string;
  status: ResponsibilityTransferStatus;
  /** The organization whose responsibility moves (bill-source), and its management account. */
  sourceOrganizationId: string;
  sourceManagementAccountId: string;
  /** The organization that takes it on (bill-transfer; it sent the invitation), and its management account. */
  targetOrganizationId: string;
  targetManagementAccountId: string;
  requestedTimestamp: string;
  acceptedTimestamp?: string;
  startTimestamp: string;
  endTimestamp?: string;
  /** The TRANSFER_RESPONSIBILITY handshake that proposed it. */
  handshakeId: string;
  tags: Tag[];
}

/** Every organization, by id. */
export function organizationsOf(world: World): Record<string, OrganizationState> {
  return (world.organizations ??= {});
}

/** Every handshake, by id. */
export function handshakesOf(world: World): Record<string, HandshakeStateRecord> {
  return (world.handshakes ??= {});
}

/** Every responsibility transfer, by id. */
export function responsibilityTransfersOf(world: World): Record<string, ResponsibilityTransferState> {
  return (world.responsibilityTransfers ??= {});
}

/** The organization `accountId` belongs to, if any. */
export function organizationOf(world: World, accountId: string): OrganizationState | undefined {
  const orgId = world.accounts[accountId]?.organizationId;
  return orgId ? organizationsOf(world)[orgId] : undefined;
}

/** Adds the service's members to a world that lacks them (the organizations service's `prepareWorld`). */
export function prepareOrganizationsWorld(world: World): void {
  organizationsOf(world);
  handshakesOf(world);
  responsibilityTransfersOf(world);
}
