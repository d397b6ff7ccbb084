import {
  ACCOUNT_A,
  ACCOUNT_B,
  ALICE,
  allow,
  CAROL_B,
  doc,
  grant,
  IAM_DOC,
  refuse,
  type CorpusCase,
} from './types.js';

const PRINCIPAL = IAM_DOC('reference_policies_elements_principal.html#principal-accounts');
const CROSS = IAM_DOC('reference_policies_evaluation-logic-cross-account.html');
const EXTERNAL_ID = IAM_DOC('id_roles_common-scenarios_third-party.html');

const ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/Deploy`;
const assume = { action: 'sts:AssumeRole', resource: ROLE_ARN };
const trust = (principal: unknown, condition?: Record<string, Record<string, string>>) =>
  doc({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
    ...(condition ? { Condition: condition } : {}),
  });
const canAssume = doc(allow('sts:AssumeRole', ROLE_ARN));

const MUST_ALLOW = IAM_DOC('reference_policies_evaluation-logic.html');

export const trustPolicies: CorpusCase[] = [
  {
    name: 'trust naming neither the user nor its account: an identity allow alone does not assume, same account',
    source: MUST_ALLOW,
    request: assume,
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` }),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'KMS key policy without the account: an identity allow alone does not decrypt, same account',
    source: IAM_DOC('reference_policies_evaluation-logic.html'),
    request: {
      action: 'kms:Decrypt',
      resource: `arn:aws:kms:eu-west-1:${ACCOUNT_A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    },
    policies: {
      identity: [doc(allow('kms:Decrypt', '*'))],
      resourceMustAllow: true,
      resource: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
        Action: 'kms:*',
        Resource: '*',
      }),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'KMS key policy naming the account root: an identity allow decrypts, same account',
    source: IAM_DOC('reference_policies_evaluation-logic.html'),
    request: {
      action: 'kms:Decrypt',
      resource: `arn:aws:kms:eu-west-1:${ACCOUNT_A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    },
    policies: {
      identity: [doc(allow('kms:Decrypt', '*'))],
      resourceMustAllow: true,
      resource: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` },
        Action: 'kms:*',
        Resource: '*',
      }),
    },
    expect: 'Allow',
  },
  {
    name: 'trust naming the account root: a same-account user still needs an identity allow',
    source: PRINCIPAL,
    request: assume,
    policies: { resourceMustAllow: true, resource: trust({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'trust naming the account root: a same-account user with an identity allow assumes',
    source: PRINCIPAL,
    request: assume,
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }),
    },
    expect: 'Allow',
  },
  {
    name: 'trust naming the user ARN: a same-account user assumes without an identity allow',
    source: IAM_DOC('reference_policies_evaluation-logic.html'),
    request: assume,
    policies: { resourceMustAllow: true, resource: trust({ AWS: ALICE.arn }) },
    expect: 'Allow',
  },
  {
    name: 'cross account: trust naming the caller account root and an identity allow',
    source: CROSS,
    request: { ...assume, principal: CAROL_B, resourceAccountId: ACCOUNT_A },
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` }),
    },
    expect: 'Allow',
  },
  {
    name: 'cross account: trust naming the caller account root without an identity allow',
    source: CROSS,
    request: { ...assume, principal: CAROL_B, resourceAccountId: ACCOUNT_A },
    policies: { resourceMustAllow: true, resource: trust({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` }) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: trust naming the user ARN still needs the caller identity allow',
    source: CROSS,
    request: { ...assume, principal: CAROL_B, resourceAccountId: ACCOUNT_A },
    policies: { resourceMustAllow: true, resource: trust({ AWS: CAROL_B.arn }) },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: trust naming another account does not let the caller in',
    source: CROSS,
    request: { ...assume, principal: CAROL_B, resourceAccountId: ACCOUNT_A },
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: 'arn:aws:iam::333333333333:root' }),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'cross account: sts:ExternalId condition met',
    source: EXTERNAL_ID,
    request: {
      ...assume,
      principal: CAROL_B,
      resourceAccountId: ACCOUNT_A,
      context: { 'sts:ExternalId': 'Unique-1234' },
      closed: true,
    },
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: ACCOUNT_B }, { StringEquals: { 'sts:ExternalId': 'Unique-1234' } }),
    },
    expect: 'Allow',
  },
  {
    name: 'cross account: sts:ExternalId missing refuses',
    source: EXTERNAL_ID,
    request: { ...assume, principal: CAROL_B, resourceAccountId: ACCOUNT_A, context: {}, closed: true },
    policies: {
      identity: [canAssume],
      resourceMustAllow: true,
      resource: trust({ AWS: ACCOUNT_B }, { StringEquals: { 'sts:ExternalId': 'Unique-1234' } }),
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'trust with a Deny naming the user refuses even with identity allow',
    source: PRINCIPAL,
    request: assume,
    policies: {
      identity: [canAssume],
      resource: doc(
        grant({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, 'sts:AssumeRole'),
        refuse({ AWS: ALICE.arn }, 'sts:AssumeRole'),
      ),
    },
    expect: 'ExplicitDeny',
  },
];
