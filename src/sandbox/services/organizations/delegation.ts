/** Trusted access for AWS services, and delegated administrators. */
import { optString, reqString } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  DeregisterDelegatedAdministratorRequest,
  DisableAWSServiceAccessRequest,
  EnableAWSServiceAccessRequest,
  ListAWSServiceAccessForOrganizationRequest,
  ListDelegatedAdministratorsRequest,
  ListDelegatedAdministratorsResponse,
  ListDelegatedServicesForAccountRequest,
  Operations,
  RegisterDelegatedAdministratorRequest,
} from './shapes.generated.js';
import { accountNotFound, constraint, invalidInput, orgError } from './errors.js';
import { managedOrg, pageOf, readableOrg } from './lookup.js';

const SERVICE_PRINCIPAL = { min: 1, max: 128, pattern: /^[\w+=,.@-]*$/ };

function principal(input: { ServicePrincipal?: string }): string {
  const value = reqString(input, 'ServicePrincipal', SERVICE_PRINCIPAL);
  if (!value.endsWith('.amazonaws.com'))
    throw invalidInput(
      'UNRECOGNIZED_SERVICE_PRINCIPAL',
      `You specified a service principal that isn't recognized: ${value}.`,
    );
  return value;
}

function enableServiceAccess(ctx: CallContext, input: EnableAWSServiceAccessRequest) {
  const org = managedOrg(ctx);
  if (org.featureSet !== 'ALL')
    throw constraint('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE', 'Trusted access needs all features enabled.');
  org.trustedServices[principal(input)] ??= ctx.now.toISOString();
  return {};
}

function disableServiceAccess(ctx: CallContext, input: DisableAWSServiceAccessRequest) {
  const org = managedOrg(ctx);
  delete org.trustedServices[principal(input)];
  return {};
}

function listServiceAccess(ctx: CallContext, input: ListAWSServiceAccessForOrganizationRequest) {
  const org = readableOrg(ctx);
  const page = pageOf(ctx, Object.entries(org.trustedServices), input, 'ListAWSServiceAccessForOrganization');
  return {
    EnabledServicePrincipals: page.items.map(([ServicePrincipal, date]) => ({
      ServicePrincipal,
      DateEnabled: new Date(date),
    })),
    NextToken: page.nextToken,
  };
}

function registerDelegatedAdministrator(ctx: CallContext, input: RegisterDelegatedAdministratorRequest) {
  const org = managedOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const service = principal(input);
  const member = org.members[accountId];
  if (!member) throw accountNotFound(accountId);
  if (accountId === org.managementAccountId) {
    throw constraint(
      'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
      "You can't register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations.",
    );
  }
  if (member.state !== 'ACTIVE')
    throw constraint(
      'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
      "You can't register a suspended account as a delegated administrator.",
    );
  if (!org.trustedServices[service])
    throw constraint(
      'SERVICE_ACCESS_NOT_ENABLED',
      `Enable trusted access for ${service} before registering a delegated administrator for it.`,
    );
  if (org.delegatedAdmins.some((d) => d.accountId === accountId && d.servicePrincipal === service)) {
    throw orgError(
      'AccountAlreadyRegisteredException',
      'The provided account is already a delegated administrator for your organization.',
    );
  }
  org.delegatedAdmins.push({
    accountId,
    servicePrincipal: service,
    delegationEnabledDate: ctx.now.toISOString(),
  });
  return {};
}

function deregisterDelegatedAdministrator(ctx: CallContext, input: DeregisterDelegatedAdministratorRequest) {
  const org = managedOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const service = principal(input);
  if (!org.members[accountId]) throw accountNotFound(accountId);
  const before = org.delegatedAdmins.length;
  org.delegatedAdmins = org.delegatedAdmins.filter(
    (d) => !(d.accountId === accountId && d.servicePrincipal === service),
  );
  if (org.delegatedAdmins.length === before) {
    throw orgError(
      'AccountNotRegisteredException',
      'The specified account is not a delegated administrator for this AWS service.',
    );
  }
  return {};
}

function listDelegatedAdministrators(
  ctx: CallContext,
  input: ListDelegatedAdministratorsRequest,
): ListDelegatedAdministratorsResponse {
  const org = readableOrg(ctx);
  const service = optString(input, 'ServicePrincipal', SERVICE_PRINCIPAL);
  const first = new Map<string, string>();
  for (const d of org.delegatedAdmins) {
    if (service && d.servicePrincipal !== service) continue;
    const seen = first.get(d.accountId);
    if (!seen || d.delegationEnabledDate < seen) first.set(d.accountId, d.delegationEnabledDate);
  }
  const page = pageOf(ctx, [...first], input, `ListDelegatedAdministrators:${service ?? ''}`);
  return {
    DelegatedAdministrators: page.items.map(([id, since]) => {
      const member = org.members[id]!;
      const account = ctx.world.accounts[id];
      return {
        Id: id,
        Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${id}`,
        Email: account?.email ?? '',
        Name: account?.name ?? '',
        Status: member.state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
        State: member.state,
        JoinedMethod: member.joinedMethod,
        JoinedTimestamp: new Date(member.joinedTimestamp),
        DelegationEnabledDate: new Date(since),
      };
    }),
    NextToken: page.nextToken,
  };
}

function listDelegatedServicesForAccount(ctx: CallContext, input: ListDelegatedServicesForAccountRequest) {
  const org = readableOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  if (!org.members[accountId]) throw accountNotFound(accountId);
  const services = org.delegatedAdmins.filter((d) => d.accountId === accountId);
  if (services.length === 0)
    throw orgError(
      'AccountNotRegisteredException',
      'The specified account is not a delegated administrator for any AWS service.',
    );
  const page = pageOf(ctx, services, input, `ListDelegatedServicesForAccount:${accountId}`);
  return {
    DelegatedServices: page.items.map((d) => ({
      ServicePrincipal: d.servicePrincipal,
      DelegationEnabledDate: new Date(d.delegationEnabledDate),
    })),
    NextToken: page.nextToken,
  };
}

export const delegationOperations = typedOperations<Operations>()({
  EnableAWSServiceAccess: enableServiceAccess,
  DisableAWSServiceAccess: disableServiceAccess,
  ListAWSServiceAccessForOrganization: listServiceAccess,
  RegisterDelegatedAdministrator: registerDelegatedAdministrator,
  DeregisterDelegatedAdministrator: deregisterDelegatedAdministrator,
  ListDelegatedAdministrators: listDelegatedAdministrators,
  ListDelegatedServicesForAccount: listDelegatedServicesForAccount,
});
