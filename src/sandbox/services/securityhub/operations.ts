import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { aggregatorOperations } from './aggregators.js';
import { hubOperations } from './hub.js';
import { organizationOperations } from './organization.js';

export const securityHubOperations: Record<string, Handler> = {
  ...hubOperations,
  ...organizationOperations,
  ...aggregatorOperations,
};

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
];
