import {
  ACCOUNT_A,
  ACCOUNT_B,
  ADMIN,
  ALICE,
  allow,
  BOB,
  CAROL_B,
  doc,
  grant,
  IAM_DOC,
  refuse,
  ROLE,
  type CorpusCase,
} from './types.js';

const EVAL = IAM_DOC('reference_policies_evaluation-logic.html');
const SAME = IAM_DOC('reference_policies_evaluation-logic.html#policy-eval-basics-id-rdp');
const CROSS = IAM_DOC('reference_policies_evaluation-logic-cross-account.html');
const PRINCIPAL = IAM_DOC('reference_policies_elements_principal.html');
const NOT_PRINCIPAL = IAM_DOC('reference_policies_elements_notprincipal.html');

const OBJ = 'arn:aws:s3:::amzn-s3-demo-bucket/key';
const get = { action: 's3:GetObject', resource: OBJ };
const cross = { principal: CAROL_B, action: 's3:GetObject', resource: OBJ, resourceAccountId: ACCOUNT_A };
const s3Get = doc(allow('s3:GetObject'));

export const resourcePoliciesCrossAccount: CorpusCase[] = [
  {
    name: 'same account: a resource policy naming the user ARN allows without an identity policy',
    source: SAME,
    request: get,
    policies: { resource: doc(grant({ AWS: ALICE.arn }, 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'same account: a resource policy naming another user does not allow',
    source: SAME,
    request: get,
    policies: { resource: doc(grant({ AWS: BOB.arn }, 's3:GetObject', OBJ)) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'same account: a resource policy naming the account delegates to identity policies (none)',
    source: PRINCIPAL,
    request: get,
    policies: { resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, 's3:GetObject', OBJ)) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'same account: a resource policy naming the account plus an identity allow allows',
    source: PRINCIPAL,
    request: get,
    policies: { identity: [s3Get], resource: doc(grant({ AWS: ACCOUNT_A }, 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'same account: an identity allow suffices when the resource policy does not mention the user',
    source: SAME,
    request: get,
    policies: { identity: [s3Get], resource: doc(grant({ AWS: BOB.arn }, 's3:PutObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'same account: a resource policy deny on the user wins over an identity allow',
    source: EVAL,
    request: get,
    policies: { identity: [ADMIN], resource: doc(refuse({ AWS: ALICE.arn }, 's3:GetObject', OBJ)) },
    expect: 'ExplicitDeny',
  },
  {
    name: 'same account: a resource policy deny naming the account applies to its users',
    source: PRINCIPAL,
    request: get,
    policies: {
      identity: [ADMIN],
      resource: doc(refuse({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, 's3:GetObject', OBJ)),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'same account: an identity deny wins over a resource policy grant',
    source: EVAL,
    request: get,
    policies: {
      identity: [doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' })],
      resource: doc(grant({ AWS: ALICE.arn }, 's3:GetObject', OBJ)),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'same account: Principal "*" grants to the user',
    source: PRINCIPAL,
    request: get,
    policies: { resource: doc(grant('*', 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'same account: a resource policy naming the role ARN allows the role session',
    source: SAME,
    request: { ...get, principal: ROLE },
    policies: { resource: doc(grant({ AWS: ROLE.arn }, 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'same account: a resource policy grant on another action does not allow',
    source: SAME,
    request: get,
    policies: { resource: doc(grant({ AWS: ALICE.arn }, 's3:PutObject', OBJ)) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: identity allow and resource policy naming the account allow',
    source: CROSS,
    request: cross,
    policies: {
      identity: [s3Get],
      resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` }, 's3:GetObject', OBJ)),
    },
    expect: 'Allow',
  },
  {
    name: 'cross account: identity allow and resource policy naming the user allow',
    source: CROSS,
    request: cross,
    policies: { identity: [s3Get], resource: doc(grant({ AWS: CAROL_B.arn }, 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'cross account: an identity allow without a resource policy is an implicit deny',
    source: CROSS,
    request: cross,
    policies: { identity: [s3Get] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: a resource policy grant without an identity allow is an implicit deny',
    source: CROSS,
    request: cross,
    policies: { resource: doc(grant({ AWS: CAROL_B.arn }, 's3:GetObject', OBJ)) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: a resource policy naming a third account does not allow',
    source: CROSS,
    request: cross,
    policies: {
      identity: [s3Get],
      resource: doc(grant({ AWS: 'arn:aws:iam::333333333333:root' }, 's3:GetObject', OBJ)),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: a resource policy deny wins',
    source: CROSS,
    request: cross,
    policies: {
      identity: [ADMIN],
      resource: doc(
        grant({ AWS: ACCOUNT_B }, 's3:*', '*'),
        refuse({ AWS: CAROL_B.arn }, 's3:GetObject', OBJ),
      ),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'cross account: Principal "*" and an identity allow allow',
    source: CROSS,
    request: cross,
    policies: { identity: [s3Get], resource: doc(grant('*', 's3:GetObject', OBJ)) },
    expect: 'Allow',
  },
  {
    name: 'cross account: a resource policy naming the role ARN and the role identity allow allow',
    source: CROSS,
    request: {
      principal: {
        kind: 'role',
        accountId: ACCOUNT_B,
        arn: `arn:aws:iam::${ACCOUNT_B}:role/Reader`,
        sessionArn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/Reader/s`,
      },
      action: 's3:GetObject',
      resource: OBJ,
      resourceAccountId: ACCOUNT_A,
    },
    policies: {
      identity: [s3Get],
      resource: doc(grant({ AWS: `arn:aws:iam::${ACCOUNT_B}:role/Reader` }, 's3:GetObject', OBJ)),
    },
    expect: 'Allow',
  },
  {
    name: 'NotPrincipal in a Deny spares the named principal',
    source: NOT_PRINCIPAL,
    request: get,
    policies: {
      identity: [ADMIN],
      resource: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: [ALICE.arn, `arn:aws:iam::${ACCOUNT_A}:root`] },
        Action: 's3:*',
        Resource: '*',
      }),
    },
    expect: 'Allow',
  },
  {
    name: 'NotPrincipal in a Deny denies a principal of another account',
    source: NOT_PRINCIPAL,
    request: { ...cross, principal: CAROL_B },
    policies: {
      identity: [ADMIN],
      resource: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: [ALICE.arn, `arn:aws:iam::${ACCOUNT_A}:root`] },
        Action: 's3:*',
        Resource: '*',
      }),
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'resource policy conditions apply: aws:PrincipalOrgID grant to the organization',
    source: IAM_DOC('reference_policies_condition-keys.html#condition-keys-principalorgid'),
    request: { ...cross, context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, closed: true },
    policies: {
      identity: [s3Get],
      resource: doc(
        grant('*', 's3:GetObject', OBJ, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
      ),
    },
    expect: 'Allow',
  },
  {
    name: 'resource policy conditions apply: aws:PrincipalOrgID refuses another organization',
    source: IAM_DOC('reference_policies_condition-keys.html#condition-keys-principalorgid'),
    request: { ...cross, context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }, closed: true },
    policies: {
      identity: [s3Get],
      resource: doc(
        grant('*', 's3:GetObject', OBJ, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
      ),
    },
    expect: 'ImplicitDeny',
  },
];
