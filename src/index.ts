/**
 * orgward as a library: the supported surface, semver-stable. Every action takes plain options, a
 * {@link ClientFactory} (the only way orgward talks to AWS) and an optional {@link EventSink}, returns
 * data, and never prints. Anything not exported here is internal and may change in any release.
 *
 * ```ts
 * import { ClientFactory, plan, apply, audit } from 'orgward';
 * const factory = new ClientFactory({ region: 'us-east-1' });
 * const { plan: changes } = await plan({ config: 'org.yaml', factory });
 * ```
 *
 * The sandbox (a local AWS-compatible endpoint, for tests) is a separate entry point: `orgward/sandbox`.
 * See docs/library.md.
 */

// Events -------------------------------------------------------------------------------------------
export type { ConfirmationRequest, EventSink, OrgwardEvent } from './api/events.js';

// Config -------------------------------------------------------------------------------------------
export { loadConfig, validate, type ConfigOptions, type Validation } from './api/config.js';
export type { LoadedConfig } from './config/load.js';
export { formatIssue, type ConfigIssue } from './config/issues.js';
export { snapshotToConfig, type ImportedFiles } from './config/emit.js';
export { importOrganization, type ImportOptions, type ImportResult } from './api/import.js';

// Reading ------------------------------------------------------------------------------------------
export {
  liveState,
  loadSnapshotFile,
  snapshot,
  type LiveState,
  type SnapshotOptions,
} from './api/snapshot.js';
export type { SnapshotRead } from './read/snapshot.js';
export type { ReadProgress } from './read/options.js';

// Planning and applying ----------------------------------------------------------------------------
export { plan, type PlanOptions, type PlanResult } from './api/plan.js';
export { apply, loadSavedPlan, type ApplyOptions, type ApplyRun } from './api/apply.js';
export {
  PLAN_VERSION,
  stateFingerprint,
  type Plan,
  type PolicyChange,
  type AccessChange,
} from './plan/plan.js';
export { isDestructive, type Operation, type Impact } from './plan/operations.js';
export type { OperationOutcome } from './apply/executor.js';

// Audit --------------------------------------------------------------------------------------------
export {
  audit,
  failingAtOrAbove,
  loadAuditInput,
  loadAuditReport,
  loadAuditSettings,
  type AuditOptions,
  type AuditRun,
} from './api/audit.js';
export { ALL_CHECKS, checkById } from './audit/registry.js';
export type { Check } from './audit/check.js';
export { compareAudits } from './audit/compare.js';
export type { AuditScope } from './audit/engine.js';
export {
  BASELINE_ITEMS,
  SEVERITIES,
  STATUSES,
  type AuditResult,
  type CheckMeta,
  type Finding,
  type Severity,
  type Status,
} from './audit/types.js';
export { defaultSettings, type AuditSettings } from './model/audit-settings.js';
export type { AuditCollection } from './model/evidence.js';

// Centralized root access --------------------------------------------------------------------------
export { readRootStatus, type RootReadOptions } from './root/read.js';
export {
  planEnable,
  runEnable,
  describeEnableStep,
  type EnablePlan,
  type EnableStep,
} from './root/enable.js';
export { planDeletion, type DeletionPlan, type DeletionStep, type Blocker } from './root/plan.js';
export { deleteRootCredentials, type AccountDeletionResult } from './root/delete.js';
export {
  preparePasswordRecovery,
  prepareUnlockBucket,
  prepareUnlockQueue,
  runPasswordRecovery,
  runUnlockBucket,
  runUnlockQueue,
  type RootTask,
  type TaskPlan,
} from './root/tasks.js';
export { featuresOf, findMember, selectMembers, type Selection } from './root/targets.js';
export { appendJournal, DEFAULT_JOURNAL, type JournalEntry } from './root/journal.js';
export type { RootAccount, RootCredentials, RootFeatures, RootStatus } from './root/types.js';

// Moving accounts between organizations -------------------------------------------------------------
export {
  planTransferMove,
  nextBillingStart,
  DEFAULT_MEMBER_ROLE,
  type DestinationSource,
  type TransferPlanOptions,
  type TransferSides,
} from './api/transfer-plan.js';
export {
  endBillingTransfer,
  listBillingTransfers,
  type BillingTransfer,
  type EndBillingOptions,
} from './api/transfer-billing.js';
export {
  executeTransfer,
  loadTransferPlan,
  verifyTransfer,
  DEFAULT_TRANSFER_JOURNAL,
  type TransferExecuteOptions,
  type TransferRun,
  type TransferVerification,
  type TransferVerifyOptions,
  type TransferWait,
  type VerifyItem,
} from './api/transfer.js';
export {
  TRANSFER_PLAN_VERSION,
  type AccountTransfer,
  type Blocker as TransferBlocker,
  type Change as TransferChange,
  type RunbookStep,
  type TransferJournalEntry,
  type TransferPath,
  type TransferPlan,
  type TransferStep,
} from './model/transfer.js';

// Access: who reaches which account with what, why, and how to get there --------------------------
export {
  ACCESS_MODEL_VERSION,
  accessCan,
  accessMatrixOf,
  accessModelOf,
  accessReachable,
  accessWhoCan,
  loadAccessModelFile,
  modelOf as accessModelFromFile,
  readAccessModel,
  saveAccessModel,
  type AccessModelFile,
  type AccessQueryOptions,
  type AccessQueryResult,
  type AccessSourceOptions,
} from './api/access.js';
export {
  accessDiffOf,
  accessGrant,
  type AccessDiffOptions,
  type AccessDiffResult,
  type AccessGrantOptions,
  type AccessGrantResult,
} from './api/access-change.js';
export {
  evaluate,
  type Decision,
  type DecisionKind,
  type EvaluationRequest,
  type PolicySet,
  type StatementHit,
} from './access/evaluate.js';
export { parsePolicy, PolicyParseError, type Policy } from './access/policy.js';
export { contextLookup, type ContextValues } from './access/context.js';
export { AccessIndex, type AccessPath } from './access/effective.js';
export {
  accessMatrix,
  whoCan,
  can,
  type MatrixRow,
  type PathDecision,
  type Subject,
} from './access/queries.js';
export type { ActionChange } from './access/diff.js';
export { generateAwsConfig, mergeAwsConfig } from './access/profiles.js';
export { portalShortcutUrl, switchRoleUrl } from './access/links.js';
export type { AccessModel } from './access/model.js';
export type { Reachable, AccessPortal } from './access/reachable.js';

// IAM users: inventory, the Identity Center side, retirement ---------------------------------------
export {
  inventoryIamUsers,
  planIamUsersMove,
  retireIamUsers,
  retireOperations,
  DEFAULT_IAM_USERS_JOURNAL,
  type IamInventoryOptions,
  type IamPlanOptions,
  type IamRetireOptions,
  type IamRetireRun,
} from './api/iam-users.js';
export { classify as classifyIamUser } from './iam-users/classify.js';
export {
  counterpartOf,
  fragmentOf,
  mapToIdentityCenter,
  type MappingProposal,
  type MatchBy,
} from './iam-users/map.js';
export { planRetire, selectUsers, type RetireOptions, type RetireSelection } from './iam-users/retire.js';
export { mergeIdentityCenterFragment, type MergeResult } from './config/merge-fragment.js';
export {
  IAM_INVENTORY_VERSION,
  type IamAccountRead,
  type IamInventory,
  type IamUserKind,
  type IamUserRecord,
  type RetirePhase,
  type RetirePlan,
  type RetireStep,
} from './model/iam-users.js';

// Cost per account, OU and tag ------------------------------------------------------------------------
export { costReport, parseCostBy, MAX_COST_MONTHS, type CostReportOptions } from './api/cost.js';
export { buildCostReport, isOrganizationService } from './cost/report.js';
export {
  COST_METRICS,
  COST_REPORT_VERSION,
  type CostBy,
  type CostData,
  type CostMetric,
  type CostReport,
  type CostRow,
} from './model/cost.js';

// Workloads in an account ---------------------------------------------------------------------------
export {
  workloadsInventory,
  workloadsMovePlan,
  type WorkloadsInventoryOptions,
  type WorkloadsMovePlanOptions,
} from './api/workloads.js';
export { planMove, MOVE_PLAN_VERSION, type MovePlan, type MoveStage } from './workloads/move-plan.js';
export { renderMovePlan, MOVE_PLAN_FORMATS, type MovePlanFormat } from './render/move-plan.js';
export { applicationsOf, findApplication } from './workloads/inventory.js';
export {
  WORKLOADS_INVENTORY_VERSION,
  type WlApplication,
  type WlRegion,
  type WorkloadsInventory,
} from './model/workloads.js';

// Renderers (pure: data in, text out) --------------------------------------------------------------
export { renderPlanMarkdown, renderPlanSummary, renderPlanText } from './render/plan.js';
export {
  AUDIT_REPORT_FORMATS,
  renderAuditHtml,
  renderAuditMarkdown,
  renderAuditReport,
  renderAuditSarif,
  renderAuditTable,
  renderComparisonMarkdown,
  renderComparisonText,
  type AuditReportFormat,
} from './render/audit/index.js';
export {
  renderDeletionPlan,
  renderDeletionResult,
  renderDeletionSummary,
  renderEnablePlan,
  renderRootStatus,
  renderTaskPlan,
} from './render/root.js';
export { renderSnapshotSummary } from './render/snapshot-summary.js';
export {
  renderTransfer,
  renderTransferHtml,
  renderTransferMarkdown,
  renderTransferRun,
  renderTransferText,
  renderVerification,
  TRANSFER_FORMATS,
  type TransferFormat,
} from './render/transfer.js';
export {
  INVENTORY_FORMATS,
  renderInventory,
  renderProposal,
  renderRetirePlan,
  renderRetireRun,
  type InventoryFormat,
} from './render/iam-users.js';
export { renderCallStats } from './render/call-stats.js';
export { COST_FORMATS, renderCost, type CostFormat } from './render/cost.js';
export { renderWorkloadsInventory, WORKLOADS_FORMATS, type WorkloadsFormat } from './render/workloads.js';

// AWS ----------------------------------------------------------------------------------------------
export {
  ClientFactory,
  ROOT_TASK_POLICIES,
  type AwsTarget,
  type ClientFactoryOptions,
  type StaticCredentials,
} from './aws/clients.js';
export { CallStats, type CallStatsSnapshot } from './aws/call-stats.js';

// Errors -------------------------------------------------------------------------------------------
export {
  AwsCallError,
  ERROR_CODES,
  ExitCode,
  OrgwardError,
  UsageError,
  exitCodeFor,
  isAwsCallError,
  isOrgwardError,
  isUsageError,
  type ErrorCode,
  type ErrorSource,
} from './errors/index.js';

// Model --------------------------------------------------------------------------------------------
export type {
  Desired,
  DesiredAccount,
  DesiredOu,
  DesiredPermissionSet,
  DesiredPolicy,
} from './model/desired.js';
export {
  SNAPSHOT_VERSION,
  snapshotSchema,
  type Gap,
  type OrgSnapshot,
  type PolicyType,
  type SnapshotAccount,
  type SnapshotIdentityCenter,
  type SnapshotOu,
  type SnapshotPolicy,
} from './model/snapshot.js';
