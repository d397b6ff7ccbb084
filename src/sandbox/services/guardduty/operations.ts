import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { detectorOperations } from './detectors.js';
import { filterOperations } from './filters.js';
import { memberOperations } from './members.js';
import { organizationOperations } from './organization.js';

export const guardDutyOperations: Record<string, Handler> = {
  ...detectorOperations,
  ...organizationOperations,
  ...memberOperations,
  ...filterOperations,
};

/** HTTP bindings, from the model's `http` traits. */
export const guardDutyRoutes: readonly RestRoute[] = [
  { method: 'POST', path: '/detector', operation: 'CreateDetector' },
  { method: 'GET', path: '/detector', operation: 'ListDetectors' },
  { method: 'GET', path: '/detector/{DetectorId}', operation: 'GetDetector' },
  { method: 'POST', path: '/detector/{DetectorId}', operation: 'UpdateDetector' },
  { method: 'DELETE', path: '/detector/{DetectorId}', operation: 'DeleteDetector' },
  { method: 'GET', path: '/detector/{DetectorId}/administrator', operation: 'GetAdministratorAccount' },
  { method: 'POST', path: '/admin/enable', operation: 'EnableOrganizationAdminAccount' },
  { method: 'POST', path: '/admin/disable', operation: 'DisableOrganizationAdminAccount' },
  { method: 'GET', path: '/admin', operation: 'ListOrganizationAdminAccounts' },
  { method: 'GET', path: '/detector/{DetectorId}/admin', operation: 'DescribeOrganizationConfiguration' },
  { method: 'POST', path: '/detector/{DetectorId}/admin', operation: 'UpdateOrganizationConfiguration' },
  { method: 'POST', path: '/detector/{DetectorId}/member', operation: 'CreateMembers' },
  { method: 'GET', path: '/detector/{DetectorId}/member', operation: 'ListMembers' },
  { method: 'POST', path: '/detector/{DetectorId}/member/get', operation: 'GetMembers' },
  { method: 'POST', path: '/detector/{DetectorId}/member/delete', operation: 'DeleteMembers' },
  { method: 'POST', path: '/detector/{DetectorId}/member/disassociate', operation: 'DisassociateMembers' },
  { method: 'POST', path: '/detector/{DetectorId}/member/detector/get', operation: 'GetMemberDetectors' },
  { method: 'POST', path: '/detector/{DetectorId}/filter', operation: 'CreateFilter' },
  { method: 'GET', path: '/detector/{DetectorId}/filter', operation: 'ListFilters' },
  { method: 'GET', path: '/detector/{DetectorId}/filter/{FilterName}', operation: 'GetFilter' },
  { method: 'POST', path: '/detector/{DetectorId}/filter/{FilterName}', operation: 'UpdateFilter' },
  { method: 'DELETE', path: '/detector/{DetectorId}/filter/{FilterName}', operation: 'DeleteFilter' },
];
