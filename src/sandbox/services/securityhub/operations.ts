import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { aggregatorOperations } from './aggregators.js';
import { refuseIfGoverned, syncCaller } from './central.js';
import { configurationPolicyOperations } from './configuration-policies.js';
import { hubOperations } from './hub.js';
import { organizationOperations } from './organization.js';

/** What an account governed by a configuration policy may no longer change itself. */
const LOCAL_SETTINGS = new Set([
  'EnableSecurityHub',
  'DisableSecurityHub',
  'BatchEnableStandards',
  'BatchDisableStandards',
]);

/** Every call first brings the caller's view up to date with central configuration (central.ts). */
function withCentralConfiguration(operation: string, handler: Handler): Handler {
  return (ctx, input) => {
    const central = syncCaller(ctx);
    if (central && LOCAL_SETTINGS.has(operation)) refuseIfGoverned(central, ctx.caller.accountId);
    return handler(ctx, input);
  };
}

export const securityHubOperations: Record<string, Handler> = Object.fromEntries(
  Object.entries({
    ...hubOperations,
    ...organizationOperations,
    ...aggregatorOperations,
    ...configurationPolicyOperations,
  }).map(([operation, handler]) => [operation, withCentralConfiguration(operation, handler)]),
);

/** HTTP bindings, from the model's `http` traits. */
export const securityHubRoutes: readonly RestRoute[] = [
  { method: 'POST', path: '/accounts', operation: 'EnableSecurityHub' },
  { method: 'GET', path: '/accounts', operation: 'DescribeHub' },
  { method: 'DELETE', path: '/accounts', operation: 'DisableSecurityHub' },
  { method: 'POST', path: '/standards/get', operation: 'GetEnabledStandards' },
  { method: 'POST', path: '/standards/register', operation: 'BatchEnableStandards' },
  { method: 'POST', path: '/standards/deregister', operation: 'BatchDisableStandards' },
  { method: 'GET', path: '/standards', operation: 'DescribeStandards' },
  { method: 'POST', path: '/organization/admin/enable', operation: 'EnableOrganizationAdminAccount' },
  { method: 'GET', path: '/organization/admin', operation: 'ListOrganizationAdminAccounts' },
  { method: 'GET', path: '/organization/configuration', operation: 'DescribeOrganizationConfiguration' },
  { method: 'POST', path: '/organization/configuration', operation: 'UpdateOrganizationConfiguration' },
  { method: 'POST', path: '/members', operation: 'CreateMembers' },
  { method: 'GET', path: '/members', operation: 'ListMembers' },
  { method: 'POST', path: '/members/get', operation: 'GetMembers' },
  { method: 'POST', path: '/findingAggregator/create', operation: 'CreateFindingAggregator' },
  { method: 'GET', path: '/findingAggregator/list', operation: 'ListFindingAggregators' },
  {
    method: 'GET',
    path: '/findingAggregator/get/{FindingAggregatorArn+}',
    operation: 'GetFindingAggregator',
  },
  { method: 'PATCH', path: '/findingAggregator/update', operation: 'UpdateFindingAggregator' },
  {
    method: 'DELETE',
    path: '/findingAggregator/delete/{FindingAggregatorArn+}',
    operation: 'DeleteFindingAggregator',
  },
  { method: 'POST', path: '/configurationPolicy/create', operation: 'CreateConfigurationPolicy' },
  { method: 'GET', path: '/configurationPolicy/get/{Identifier}', operation: 'GetConfigurationPolicy' },
  { method: 'GET', path: '/configurationPolicy/list', operation: 'ListConfigurationPolicies' },
  { method: 'PATCH', path: '/configurationPolicy/{Identifier}', operation: 'UpdateConfigurationPolicy' },
  { method: 'DELETE', path: '/configurationPolicy/{Identifier}', operation: 'DeleteConfigurationPolicy' },
  {
    method: 'POST',
    path: '/configurationPolicyAssociation/associate',
    operation: 'StartConfigurationPolicyAssociation',
  },
  {
    method: 'POST',
    path: '/configurationPolicyAssociation/disassociate',
    operation: 'StartConfigurationPolicyDisassociation',
  },
  {
    method: 'POST',
    path: '/configurationPolicyAssociation/get',
    operation: 'GetConfigurationPolicyAssociation',
  },
  {
    method: 'POST',
    path: '/configurationPolicyAssociation/list',
    operation: 'ListConfigurationPolicyAssociations',
  },
  {
    method: 'POST',
    path: '/configurationPolicyAssociation/batchget',
    operation: 'BatchGetConfigurationPolicyAssociations',
  },
];
