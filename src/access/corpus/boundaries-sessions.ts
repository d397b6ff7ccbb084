import {
  ACCOUNT_A,
  ACCOUNT_B,
  ADMIN,
  ALICE,
  allow,
  CAROL_B,
  deny,
  doc,
  grant,
  IAM_DOC,
  refuse,
  ROLE,
  type CorpusCase,
} from './types.js';

const BOUNDARY = IAM_DOC('access_policies_boundaries.html');
const BOUNDARY_EVAL = IAM_DOC('access_policies_boundaries.html#access_policies_boundaries-eval-logic');
const SESSION = IAM_DOC('access_policies.html#policies_session');
const NOT_PRINCIPAL = IAM_DOC('reference_policies_elements_notprincipal.html');

const OBJ = 'arn:aws:s3:::amzn-s3-demo-bucket/key';
const s3Boundary = doc(allow(['s3:*', 'cloudwatch:*', 'ec2:*']));
const iamOnly = doc(allow('iam:*'));

export const boundariesSessions: CorpusCase[] = [
  {
    name: 'boundary: allowed by identity policy and boundary',
    source: BOUNDARY,
    request: { action: 's3:GetObject', resource: OBJ },
    policies: { identity: [ADMIN], boundary: s3Boundary },
    expect: 'Allow',
  },
  {
    name: 'boundary: an identity allow outside the boundary is an implicit deny',
    source: BOUNDARY,
    request: { action: 'iam:CreateUser', resource: '*' },
    policies: { identity: [ADMIN], boundary: s3Boundary },
    expect: 'ImplicitDeny',
  },
  {
    name: 'boundary: a boundary alone grants nothing',
    source: BOUNDARY,
    request: { action: 's3:GetObject', resource: OBJ },
    policies: { identity: [iamOnly], boundary: s3Boundary },
    expect: 'ImplicitDeny',
  },
  {
    name: 'boundary: a deny in the boundary is an explicit deny',
    source: BOUNDARY_EVAL,
    request: { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::amzn-s3-demo-bucket' },
    policies: { identity: [ADMIN], boundary: doc(allow('s3:*'), deny('s3:DeleteBucket')) },
    expect: 'ExplicitDeny',
  },
  {
    name: 'boundary: a same-account resource policy naming the user ARN is not limited by the boundary',
    source: BOUNDARY_EVAL,
    request: { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q` },
    policies: {
      identity: [],
      boundary: s3Boundary,
      resource: doc(grant({ AWS: ALICE.arn }, 'sqs:SendMessage')),
    },
    expect: 'Allow',
  },
  {
    name: 'boundary: a same-account resource policy naming the role ARN is limited by the boundary',
    source: BOUNDARY_EVAL,
    request: { principal: ROLE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q` },
    policies: {
      identity: [],
      boundary: s3Boundary,
      resource: doc(grant({ AWS: ROLE.arn }, 'sqs:SendMessage')),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'boundary: a same-account resource policy naming the role ARN, within the boundary, allows',
    source: BOUNDARY_EVAL,
    request: { principal: ROLE, action: 's3:GetObject', resource: OBJ },
    policies: { identity: [], boundary: s3Boundary, resource: doc(grant({ AWS: ROLE.arn }, 's3:GetObject')) },
    expect: 'Allow',
  },
  {
    name: 'boundary: cross-account access needs the boundary to allow on the caller side',
    source: BOUNDARY_EVAL,
    request: {
      principal: CAROL_B,
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q`,
      resourceAccountId: ACCOUNT_A,
    },
    policies: {
      identity: [ADMIN],
      boundary: s3Boundary,
      resource: doc(grant({ AWS: CAROL_B.arn }, 'sqs:SendMessage')),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'boundary: a Deny with NotPrincipal in a resource policy denies any principal with a boundary',
    source: NOT_PRINCIPAL,
    request: { action: 's3:GetObject', resource: OBJ },
    policies: {
      identity: [ADMIN],
      boundary: s3Boundary,
      resource: doc(grant({ AWS: ALICE.arn }, 's3:GetObject'), {
        Effect: 'Deny',
        NotPrincipal: { AWS: [ALICE.arn, `arn:aws:iam::${ACCOUNT_A}:root`] },
        Action: 's3:*',
        Resource: '*',
      }),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'session: allowed by the role policy and the session policy',
    source: SESSION,
    request: { principal: ROLE, action: 's3:GetObject', resource: OBJ },
    policies: { identity: [ADMIN], session: doc(allow('s3:GetObject')) },
    expect: 'Allow',
  },
  {
    name: 'session: an action outside the session policy is an implicit deny',
    source: SESSION,
    request: { principal: ROLE, action: 's3:PutObject', resource: OBJ },
    policies: { identity: [ADMIN], session: doc(allow('s3:GetObject')) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'session: a session policy cannot grant beyond the role policy',
    source: SESSION,
    request: { principal: ROLE, action: 's3:GetObject', resource: OBJ },
    policies: { identity: [iamOnly], session: doc(allow('*')) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'session: a deny in the session policy is an explicit deny',
    source: SESSION,
    request: { principal: ROLE, action: 's3:GetObject', resource: OBJ },
    policies: { identity: [ADMIN], session: doc(allow('*'), deny('s3:GetObject')) },
    expect: 'ExplicitDeny',
  },
  {
    name: 'session: a resource policy naming the role ARN is limited by the session policy',
    source: SESSION,
    request: { principal: ROLE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q` },
    policies: {
      identity: [],
      session: doc(allow('s3:*')),
      resource: doc(grant({ AWS: ROLE.arn }, 'sqs:SendMessage')),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'session: a resource policy naming the role session ARN is not limited by the session policy',
    source: SESSION,
    request: { principal: ROLE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q` },
    policies: {
      identity: [],
      session: doc(allow('s3:*')),
      resource: doc(grant({ AWS: ROLE.sessionArn }, 'sqs:SendMessage')),
    },
    expect: 'Allow',
  },
  {
    name: 'session: a resource policy deny naming the session still denies',
    source: SESSION,
    request: { principal: ROLE, action: 's3:GetObject', resource: OBJ },
    policies: {
      identity: [ADMIN],
      session: doc(allow('*')),
      resource: doc(refuse({ AWS: ROLE.sessionArn }, 's3:GetObject')),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'session: cross-account access from a session needs the session policy to allow',
    source: SESSION,
    request: {
      principal: {
        ...ROLE,
        accountId: ACCOUNT_B,
        arn: `arn:aws:iam::${ACCOUNT_B}:role/App`,
        sessionArn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/App/s1`,
      },
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:q`,
      resourceAccountId: ACCOUNT_A,
    },
    policies: {
      identity: [ADMIN],
      session: doc(allow('s3:*')),
      resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` }, 'sqs:SendMessage')),
    },
    expect: 'ImplicitDeny',
  },
];
