import {
  ACCOUNT_A,
  ADMIN,
  allow,
  CAROL_B,
  deny,
  doc,
  FULL_ACCESS,
  grant,
  IAM_DOC,
  ORGS_DOC,
  type CorpusCase,
} from './types.js';

const SCP_EVAL = ORGS_DOC('orgs_manage_policies_scps_evaluation.html');
const SCP = ORGS_DOC('orgs_manage_policies_scps.html');
const SCP_EXAMPLES = ORGS_DOC('orgs_manage_policies_scps_examples_general.html');
const RCP = ORGS_DOC('orgs_manage_policies_rcps.html');
const RCP_EVAL = ORGS_DOC('orgs_manage_policies_rcps_evaluation.html');
const IAM_EVAL = IAM_DOC('reference_policies_evaluation-logic.html');

const OBJ = 'arn:aws:s3:::amzn-s3-demo-bucket/key';
const req = { action: 's3:GetObject', resource: OBJ };
const s3Only = doc(allow('s3:*'));
const ec2Only = doc(allow('ec2:*'));
const chain = (root: unknown[], ou: unknown[], account: unknown[]) => [
  { target: 'Root', policies: root },
  { target: 'OU Workloads', policies: ou },
  { target: `Account ${ACCOUNT_A}`, policies: account },
];
const regionDeny = doc({
  Effect: 'Deny',
  NotAction: ['iam:*', 'organizations:*', 'sts:*'],
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
});
const rcpOrgOnly = doc({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: '*',
  Condition: {
    StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  },
});
const rcpFull = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
const rcpChain = (ou: unknown[]) => [
  { target: 'Root', policies: [rcpFull] },
  { target: 'OU Data', policies: [rcpFull, ...ou] },
];

export const scpRcp: CorpusCase[] = [
  {
    name: 'SCP: FullAWSAccess at every level and an identity allow allows',
    source: SCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [FULL_ACCESS], [FULL_ACCESS]) },
    expect: 'Allow',
  },
  {
    name: 'SCP: allowed at every level but no identity allow is an implicit deny (SCPs grant nothing)',
    source: SCP,
    request: req,
    policies: { identity: [], scps: chain([FULL_ACCESS], [FULL_ACCESS], [FULL_ACCESS]) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'SCP: an OU level that does not allow the action denies it',
    source: SCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [ec2Only], [FULL_ACCESS]) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'SCP: the account level must allow too',
    source: SCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [FULL_ACCESS], [ec2Only]) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'SCP: the root level must allow too',
    source: SCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], scps: chain([ec2Only], [FULL_ACCESS], [FULL_ACCESS]) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'SCP: an allow list at each level that includes the service allows',
    source: SCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [s3Only], [doc(allow(['s3:*', 'ec2:*']))]) },
    expect: 'Allow',
  },
  {
    name: 'SCP: a deny at the account level wins over allows above',
    source: SCP_EVAL,
    request: req,
    policies: {
      identity: [ADMIN],
      scps: chain([FULL_ACCESS], [FULL_ACCESS], [FULL_ACCESS, doc(deny('s3:GetObject'))]),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'SCP: a deny at the root wins',
    source: SCP_EVAL,
    request: req,
    policies: {
      identity: [ADMIN],
      scps: chain([FULL_ACCESS, doc(deny('s3:*'))], [FULL_ACCESS], [FULL_ACCESS]),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'SCP: SCPs do not apply to the management account',
    source: SCP,
    request: req,
    policies: { identity: [ADMIN], scps: undefined },
    expect: 'Allow',
  },
  {
    name: 'SCP: region deny with NotAction denies an action outside the approved regions',
    source: SCP_EXAMPLES,
    request: { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } },
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [FULL_ACCESS, regionDeny], [FULL_ACCESS]) },
    expect: 'ExplicitDeny',
  },
  {
    name: 'SCP: region deny does not apply inside the approved regions',
    source: SCP_EXAMPLES,
    request: { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'eu-west-1' } },
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [FULL_ACCESS, regionDeny], [FULL_ACCESS]) },
    expect: 'Allow',
  },
  {
    name: 'SCP: region deny exempts the global services listed in NotAction',
    source: SCP_EXAMPLES,
    request: { action: 'iam:CreateRole', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } },
    policies: { identity: [ADMIN], scps: chain([FULL_ACCESS], [FULL_ACCESS, regionDeny], [FULL_ACCESS]) },
    expect: 'Allow',
  },
  {
    name: 'SCP: a deny with an ArnNotLike aws:PrincipalArn exemption spares the admin role',
    source: SCP_EXAMPLES,
    request: {
      action: 'iam:DeleteRole',
      resource: '*',
      context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_A}:role/OrgAdmin` },
    },
    policies: {
      identity: [ADMIN],
      scps: chain(
        [
          FULL_ACCESS,
          doc(
            deny('iam:DeleteRole', '*', {
              ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrgAdmin' },
            }),
          ),
        ],
        [FULL_ACCESS],
        [FULL_ACCESS],
      ),
    },
    expect: 'Allow',
  },
  {
    name: 'SCP: a deny with an ArnNotLike aws:PrincipalArn exemption denies everyone else',
    source: SCP_EXAMPLES,
    request: {
      action: 'iam:DeleteRole',
      resource: '*',
      context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_A}:user/alice` },
    },
    policies: {
      identity: [ADMIN],
      scps: chain(
        [
          FULL_ACCESS,
          doc(
            deny('iam:DeleteRole', '*', {
              ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrgAdmin' },
            }),
          ),
        ],
        [FULL_ACCESS],
        [FULL_ACCESS],
      ),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'SCP: an SCP deny also limits access granted by a same-account resource policy',
    source: IAM_EVAL,
    request: req,
    policies: {
      resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_A}:user/alice` }, 's3:GetObject', OBJ)),
      scps: chain([FULL_ACCESS, doc(deny('s3:*'))], [FULL_ACCESS], [FULL_ACCESS]),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'SCP: without an SCP allow, a same-account resource policy grant is not enough',
    source: IAM_EVAL,
    request: req,
    policies: {
      resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_A}:user/alice` }, 's3:GetObject', OBJ)),
      scps: chain([FULL_ACCESS], [ec2Only], [FULL_ACCESS]),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'RCP: RCPFullAWSAccess alone changes nothing (identity allow still needed)',
    source: RCP,
    request: req,
    policies: { identity: [], rcps: rcpChain([]) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'RCP: RCPFullAWSAccess with an identity allow allows',
    source: RCP_EVAL,
    request: req,
    policies: { identity: [ADMIN], rcps: rcpChain([]) },
    expect: 'Allow',
  },
  {
    name: 'RCP: a deny for principals outside the organization denies a cross-account caller',
    source: RCP_EVAL,
    request: {
      principal: CAROL_B,
      action: 's3:GetObject',
      resource: OBJ,
      resourceAccountId: ACCOUNT_A,
      context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalIsAWSService': 'false' },
    },
    policies: {
      identity: [ADMIN],
      resource: doc(grant({ AWS: 'arn:aws:iam::222222222222:root' }, 's3:GetObject', OBJ)),
      rcps: rcpChain([rcpOrgOnly]),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'RCP: a deny for principals outside the organization spares a member of the organization',
    source: RCP_EVAL,
    request: {
      principal: CAROL_B,
      action: 's3:GetObject',
      resource: OBJ,
      resourceAccountId: ACCOUNT_A,
      context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalIsAWSService': 'false' },
    },
    policies: {
      identity: [ADMIN],
      resource: doc(grant({ AWS: 'arn:aws:iam::222222222222:root' }, 's3:GetObject', OBJ)),
      rcps: rcpChain([rcpOrgOnly]),
    },
    expect: 'Allow',
  },
  {
    name: 'RCP: an RCP deny wins over a same-account identity allow',
    source: RCP_EVAL,
    request: req,
    policies: {
      identity: [ADMIN],
      rcps: rcpChain([doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' })]),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'RCP: an RCP deny on another service does not apply',
    source: RCP_EVAL,
    request: req,
    policies: {
      identity: [ADMIN],
      rcps: rcpChain([doc({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' })]),
    },
    expect: 'Allow',
  },
];
