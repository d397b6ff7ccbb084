/**
 * CreateAnalyzer, ListAnalyzers, GetAnalyzer, DeleteAnalyzer. Organization analyzers (ORGANIZATION,
 * ORGANIZATION_UNUSED_ACCESS) only from the management account or the delegated administrator for
 * access-analyzer.amazonaws.com, with trusted access on. Analyzers are ACTIVE at once.
 */
import { AwsError } from '../../errors.js';
import { optInt, optRecord, optString, reqString } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { withIsoTimestamps } from '../../shared/iso-json.js';
import { hasTrustedAccess, orgStanding } from '../../shared/org-access.js';
import { ANALYZER_TYPES, analyzerArn, analyzerState, peekAnalyzers, type AnalyzerState } from './state.js';

export const ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';
const NAME = { min: 1, max: 255, pattern: /^[A-Za-z][A-Za-z0-9_.-]*$/ };

const accessDenied = (message: string) => new AwsError('AccessDeniedException', message, { status: 403 });
const notFound = (name: string) =>
  new AwsError('ResourceNotFoundException', `Analyzer not found: ${name}`, {
    status: 404,
    extras: { resourceId: name, resourceType: 'AWS::AccessAnalyzer::Analyzer' },
  });

function requireOrganizationRole(ctx: CallContext): void {
  const standing = orgStanding(ctx.world, ctx.caller.accountId, ANALYZER_PRINCIPAL);
  if (!standing || standing.role === 'member')
    throw accessDenied(
      'You must be the management account or a delegated administrator of the organization to create an organization analyzer.',
    );
  if (!hasTrustedAccess(standing.org, ANALYZER_PRINCIPAL))
    throw accessDenied('Trusted access for IAM Access Analyzer is not enabled in the organization.');
}

function shape(a: AnalyzerState) {
  return {
    arn: a.arn,
    name: a.name,
    type: a.type,
    createdAt: new Date(a.createdAt),
    tags: a.tags,
    status: 'ACTIVE',
    ...(a.unusedAccessAge !== undefined
      ? { configuration: { unusedAccess: { unusedAccessAge: a.unusedAccessAge } } }
      : {}),
  };
}

const createAnalyzer: Handler = (ctx, input) => {
  const name = reqString(input, 'analyzerName', NAME);
  const type = reqString(input, 'type', { oneOf: ANALYZER_TYPES });
  if (type.startsWith('ORGANIZATION')) requireOrganizationRole(ctx);
  const state = analyzerState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  if (state.analyzers[name])
    throw new AwsError('ConflictException', `Analyzer ${name} already exists.`, {
      status: 409,
      extras: { resourceId: name, resourceType: 'AWS::AccessAnalyzer::Analyzer' },
    });
  const unused = optRecord(optRecord(input, 'configuration') ?? {}, 'unusedAccess');
  const age = unused ? optInt(unused, 'unusedAccessAge', { min: 1, max: 365 }) : undefined;
  const analyzer: AnalyzerState = {
    name,
    arn: analyzerArn(ctx.region, ctx.caller.accountId, name),
    type,
    createdAt: ctx.now.toISOString(),
    tags: (optRecord(input, 'tags') as Record<string, string> | undefined) ?? {},
    ...(type.endsWith('UNUSED_ACCESS') ? { unusedAccessAge: age ?? 90 } : {}),
  };
  state.analyzers[name] = analyzer;
  return { arn: analyzer.arn };
};

const listAnalyzers: Handler = (ctx, input) => {
  const type = optString(input, 'type', { oneOf: ANALYZER_TYPES });
  const analyzers = Object.values(peekAnalyzers(ctx.world.accounts[ctx.caller.accountId], ctx.region)).filter(
    (a) => type === undefined || a.type === type,
  );
  const page = ctx.page(
    analyzers,
    optString(input, 'nextToken'),
    optInt(input, 'maxResults'),
    `analyzers:${type ?? ''}`,
    {
      max: 1000,
      defaultSize: 100,
      invalidToken: () => new AwsError('ValidationException', 'Invalid nextToken.'),
    },
  );
  return withIsoTimestamps({
    analyzers: page.items.map(shape),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  });
};

function requireAnalyzer(ctx: CallContext, name: string): AnalyzerState {
  const analyzer = peekAnalyzers(ctx.world.accounts[ctx.caller.accountId], ctx.region)[name];
  if (!analyzer) throw notFound(name);
  return analyzer;
}

const getAnalyzer: Handler = (ctx, input) =>
  withIsoTimestamps({ analyzer: shape(requireAnalyzer(ctx, reqString(input, 'analyzerName', NAME))) });

const deleteAnalyzer: Handler = (ctx, input) => {
  const analyzer = requireAnalyzer(ctx, reqString(input, 'analyzerName', NAME));
  delete analyzerState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region).analyzers[
    analyzer.name
  ];
  return {};
};

export const accessAnalyzerOperations: Record<string, Handler> = {
  CreateAnalyzer: createAnalyzer,
  ListAnalyzers: listAnalyzers,
  GetAnalyzer: getAnalyzer,
  DeleteAnalyzer: deleteAnalyzer,
};

/** HTTP bindings, from the model's `http` traits. */
export const accessAnalyzerRoutes: readonly RestRoute[] = [
  { method: 'PUT', path: '/analyzer', operation: 'CreateAnalyzer' },
  { method: 'GET', path: '/analyzer', operation: 'ListAnalyzers' },
  { method: 'GET', path: '/analyzer/{analyzerName}', operation: 'GetAnalyzer' },
  { method: 'DELETE', path: '/analyzer/{analyzerName}', operation: 'DeleteAnalyzer' },
];
