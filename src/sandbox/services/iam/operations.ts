/**
 * Every IAM operation the sandbox serves, each held to a root session's task policy
 * (see root-session.ts). Handlers live in one file per concern.
 */
import type { Handler } from '../../service.js';
import { accessAdvisorOperations } from './access-advisor.js';
import { accountSettingsOperations } from './account-settings.js';
import { attachmentOperations } from './attachments.js';
import { authorizationDetailsOperations } from './authorization-details.js';
import { credentialOperations } from './credential-handlers.js';
import { credentialReportOperations } from './credential-report.js';
import { groupOperations } from './groups.js';
import { mfaOperations } from './mfa.js';
import { orgFeatureOperations } from './org-features.js';
import { policyOperations } from './policies.js';
import { roleOperations } from './role-handlers.js';
import { serviceCredentialOperations } from './service-credentials.js';
import { sshKeyOperations } from './ssh-keys.js';
import { withTaskPolicy } from './root-session.js';
import { summaryOperations } from './summary.js';
import { userOperations } from './users.js';

const handlers: Record<string, Handler> = {
  ...userOperations,
  ...credentialOperations,
  ...sshKeyOperations,
  ...serviceCredentialOperations,
  ...mfaOperations,
  ...groupOperations,
  ...roleOperations,
  ...policyOperations,
  ...attachmentOperations,
  ...authorizationDetailsOperations,
  ...summaryOperations,
  ...credentialReportOperations,
  ...accountSettingsOperations,
  ...orgFeatureOperations,
  ...accessAdvisorOperations,
};

export const iamOperations: Record<string, Handler> = Object.fromEntries(
  Object.entries(handlers).map(([operation, handler]) => [
    operation,
    withTaskPolicy('iam', operation, handler),
  ]),
);
