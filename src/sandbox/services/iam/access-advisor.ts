/**
 * Service last accessed data ("access advisor"): GenerateServiceLastAccessedDetails for a user, group,
 * role or managed policy computes, at once, a report of every service namespace that entity's permissions
 * policies allow (attached, inline and, for users, their groups'), each with the most recent recorded
 * use; GetServiceLastAccessedDetails answers it (JobStatus COMPLETED), sorted by namespace.
 *
 * Use is recorded per IAM user (`UserState.servicesLastAccessed`, {@link recordServiceUse}) and, in
 * addition, read from each access key's last use (`AccessKeyState.lastUsed`, whose service is the
 * request's signing name). Roles record no per-service use.
 */
import { optString, reqString } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { date, iamAccount, iamPage, invalidInput, noSuchEntity, optDate, userArn } from './common.js';
import { asList, type PolicyStatement } from './policy-documents.js';
import { findPolicy } from './policies.js';
import {
  iamOf,
  type GroupState,
  type RoleState,
  type ServiceLastAccessedRow,
  type ServiceUseState,
  type UserState,
} from './state.js';

/**
 * What an `Action: "*"` (or `*:Describe*`, or an allowing `NotAction`) grants, for reports: the
 * namespaces of the services the sandbox serves. AWS would list every service; this list keeps reports short.
 */
export const WILDCARD_NAMESPACES: readonly string[] = [
  'access-analyzer',
  'account',
  'cloudformation',
  'cloudtrail',
  'config',
  'ec2',
  'elasticloadbalancing',
  'events',
  'guardduty',
  'iam',
  'kms',
  'lambda',
  'organizations',
  'rds',
  's3',
  'securityhub',
  'sns',
  'sqs',
  'sso',
  'sts',
  'support',
];

/** `ServiceName` as IAM shows it; other namespaces are shown as the namespace. */
const SERVICE_NAMES: Record<string, string> = {
  'access-analyzer': 'IAM Access Analyzer',
  account: 'AWS Account Management',
  bedrock: 'Amazon Bedrock',
  cassandra: 'Amazon Keyspaces (for Apache Cassandra)',
  cloudformation: 'AWS CloudFormation',
  cloudtrail: 'AWS CloudTrail',
  cloudwatch: 'Amazon CloudWatch',
  codecommit: 'AWS CodeCommit',
  config: 'AWS Config',
  dynamodb: 'Amazon DynamoDB',
  ec2: 'Amazon EC2',
  elasticloadbalancing: 'Elastic Load Balancing',
  events: 'Amazon EventBridge',
  guardduty: 'Amazon GuardDuty',
  iam: 'AWS Identity and Access Management',
  kms: 'AWS Key Management Service',
  lambda: 'AWS Lambda',
  logs: 'Amazon CloudWatch Logs',
  organizations: 'AWS Organizations',
  rds: 'Amazon RDS',
  s3: 'Amazon S3',
  securityhub: 'AWS Security Hub',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  sso: 'AWS IAM Identity Center',
  sts: 'AWS Security Token Service',
  support: 'AWS Support',
};

const NAMESPACE = /^[\w-]+$/;

/** The statements of a stored policy document, read leniently (stored documents were validated on the way in). */
function statementsOf(text: string): PolicyStatement[] {
  try {
    const parsed = JSON.parse(text) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null);
  } catch {
    return [];
  }
}

/** The service namespaces a policy document allows (Allow statements only; Deny is not subtracted). */
export function allowedNamespaces(documents: Iterable<string>): Set<string> {
  const namespaces = new Set<string>();
  for (const text of documents) {
    for (const statement of statementsOf(text)) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction !== undefined) {
        const excluded = new Set(
          asList(statement.NotAction)
            .filter((a) => a.endsWith(':*'))
            .map((a) => a.slice(0, -2).toLowerCase()),
        );
        for (const ns of WILDCARD_NAMESPACES) if (!excluded.has(ns)) namespaces.add(ns);
        continue;
      }
      for (const action of asList(statement.Action)) {
        const prefix = action.split(':')[0]!.toLowerCase();
        if (prefix.includes('*') || prefix.includes('?'))
          WILDCARD_NAMESPACES.forEach((ns) => namespaces.add(ns));
        else if (NAMESPACE.test(prefix)) namespaces.add(prefix);
      }
    }
  }
  return namespaces;
}

function managedDocuments(account: AccountRecord, arns: readonly string[]): string[] {
  return arns.flatMap((arn) => {
    const policy = findPolicy(account, arn);
    const version = policy?.state.versions.find((v) => v.isDefault) ?? policy?.state.versions[0];
    return version ? [version.document] : [];
  });
}

function holderDocuments(account: AccountRecord, holder: GroupState | RoleState | UserState): string[] {
  return [...Object.values(holder.inlinePolicies), ...managedDocuments(account, holder.attachedPolicies)];
}

function userDocuments(account: AccountRecord, user: UserState): string[] {
  const groups = user.groups
    .map((name) => iamOf(account).groups[name])
    .filter((g): g is GroupState => g !== undefined);
  return [...holderDocuments(account, user), ...groups.flatMap((g) => holderDocuments(account, g))];
}

/** A user's recorded use by namespace: `servicesLastAccessed` merged with its access keys' last use. */
export function userServiceUse(user: UserState): Map<string, ServiceUseState> {
  const uses = new Map<string, ServiceUseState>(Object.entries(user.servicesLastAccessed ?? {}));
  for (const key of user.accessKeys) {
    const last = key.lastUsed;
    if (!last || last.serviceName === 'N/A' || last.serviceName === 'unknown') continue;
    const previous = uses.get(last.serviceName);
    if (!previous || Date.parse(previous.date) < Date.parse(last.date))
      uses.set(last.serviceName, { date: last.date, region: last.region });
  }
  return uses;
}

interface Entity {
  namespaces: Set<string>;
  /** The users whose use the report counts. */
  users: UserState[];
}

function entityOf(account: AccountRecord, arn: string): Entity {
  const iam = iamOf(account);
  const match = /^arn:aws:iam::(\d{12}):(user|group|role)(\/.*)?\/([\w+=,.@-]+)$/.exec(arn);
  if (match) {
    const [, accountId, kind, , name] = match;
    const notFound = () => noSuchEntity(`The entity with ARN ${arn} cannot be found.`);
    if (accountId !== account.id) throw notFound();
    if (kind === 'user') {
      const user = iam.users[name!];
      if (!user || userArn(account.id, user) !== arn) throw notFound();
      return { namespaces: allowedNamespaces(userDocuments(account, user)), users: [user] };
    }
    if (kind === 'group') {
      const group = iam.groups[name!];
      if (!group || `arn:aws:iam::${account.id}:group${group.path}${group.groupName}` !== arn)
        throw notFound();
      const members = Object.values(iam.users).filter((u) => u.groups.includes(group.groupName));
      return { namespaces: allowedNamespaces(holderDocuments(account, group)), users: members };
    }
    const role = iam.roles[name!];
    if (!role || `arn:aws:iam::${account.id}:role${role.path}${role.roleName}` !== arn) throw notFound();
    return { namespaces: allowedNamespaces(holderDocuments(account, role)), users: [] };
  }
  if (/^arn:aws:iam::(aws|\d{12}):policy\//.test(arn)) {
    const policy = findPolicy(account, arn);
    if (!policy || (!policy.awsManaged && !arn.includes(`::${account.id}:`)))
      throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    const users = Object.values(iam.users).filter(
      (u) =>
        u.attachedPolicies.includes(arn) ||
        u.groups.some((g) => iam.groups[g]?.attachedPolicies.includes(arn) ?? false),
    );
    return { namespaces: allowedNamespaces(managedDocuments(account, [arn])), users };
  }
  throw invalidInput(`ARN ${arn} is not valid.`);
}

function report(account: AccountRecord, entity: Entity): ServiceLastAccessedRow[] {
  return [...entity.namespaces].sort().map((namespace) => {
    let last: { use: ServiceUseState; user: UserState } | undefined;
    let total = 0;
    for (const user of entity.users) {
      const use = userServiceUse(user).get(namespace);
      if (!use) continue;
      total++;
      if (!last || Date.parse(last.use.date) < Date.parse(use.date)) last = { use, user };
    }
    return last
      ? {
          namespace,
          lastAuthenticated: last.use.date,
          region: last.use.region,
          entityArn: userArn(account.id, last.user),
          totalEntities: total,
        }
      : { namespace };
  });
}

const generateServiceLastAccessedDetails: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const arn = reqString(input, 'Arn', { min: 20, max: 2048 });
  const granularity =
    optString(input, 'Granularity', { oneOf: ['SERVICE_LEVEL', 'ACTION_LEVEL'] as const }) ?? 'SERVICE_LEVEL';
  const services = report(account, entityOf(account, arn));
  const jobId = randomUuid(ctx.world);
  (iamOf(account).serviceLastAccessedJobs ??= {})[jobId] = {
    arn,
    granularity,
    createdAt: ctx.now.toISOString(),
    services,
  };
  return { JobId: jobId };
};

const getServiceLastAccessedDetails: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const jobId = reqString(input, 'JobId', { min: 36, max: 36 });
  const jobs = iamOf(account).serviceLastAccessedJobs ?? {};
  const job = Object.hasOwn(jobs, jobId) ? jobs[jobId] : undefined;
  if (!job) throw noSuchEntity(`The job with id ${jobId} cannot be found.`);
  const page = iamPage(ctx, input, job.services, `GetServiceLastAccessedDetails:${jobId}`);
  return {
    JobStatus: 'COMPLETED',
    JobType: job.granularity,
    JobCreationDate: date(job.createdAt),
    JobCompletionDate: date(job.createdAt),
    ServicesLastAccessed: page.items.map((row) => ({
      ServiceName: SERVICE_NAMES[row.namespace] ?? row.namespace,
      ServiceNamespace: row.namespace,
      LastAuthenticated: optDate(row.lastAuthenticated),
      LastAuthenticatedRegion: row.region,
      LastAuthenticatedEntity: row.entityArn,
      TotalAuthenticatedEntities: row.totalEntities,
    })),
    ...page.meta,
  };
};

export const accessAdvisorOperations: Record<string, Handler> = {
  GenerateServiceLastAccessedDetails: generateServiceLastAccessedDetails,
  GetServiceLastAccessedDetails: getServiceLastAccessedDetails,
};
