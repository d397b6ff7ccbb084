/** Every service the sandbox serves. A new service adds its definition here. */
import type { ServiceDefinition } from '../service.js';
import { budgetsService } from './budgets/index.js';
import { ceService } from './ce/index.js';
import { cloudTrailService } from './cloudtrail/index.js';
import { configService } from './config/index.js';
import { eventsService } from './events/index.js';
import { sqsService } from './sqs/index.js';
import { kmsService } from './kms/index.js';
import { snsService } from './sns/index.js';
import { guardDutyService } from './guardduty/index.js';
import { securityHubService } from './securityhub/index.js';
import { accessAnalyzerService } from './accessanalyzer/index.js';
import { accountService } from './account/index.js';
import { lambdaService } from './lambda/index.js';
import { supportService } from './support/index.js';
import { ec2Service } from './ec2/index.js';
import { elbv2Service } from './elbv2/index.js';
import { rdsService } from './rds/index.js';
import { cloudFormationService } from './cloudformation/index.js';
import { s3Service } from './s3/index.js';
import { s3ControlService } from './s3control/index.js';
import { iamService } from './iam/index.js';
import { identityStoreService } from './identity-center/identitystore.js';
import { organizationsService } from './organizations/index.js';
import { ssoAdminService } from './identity-center/sso-admin.js';
import { stsService } from './sts/index.js';

export const allServices: readonly ServiceDefinition[] = [
  organizationsService,
  iamService,
  stsService,
  ssoAdminService,
  identityStoreService,
  cloudTrailService,
  configService,
  sqsService,
  guardDutyService,
  securityHubService,
  accessAnalyzerService,
  accountService,
  lambdaService,
  supportService,
  ec2Service,
  elbv2Service,
  rdsService,
  cloudFormationService,
  s3Service,
  s3ControlService,
  eventsService,
  kmsService,
  snsService,
  ceService,
  budgetsService,
];
