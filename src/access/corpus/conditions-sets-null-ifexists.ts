import { allow, conditionCase as c, deny, doc, IAM_DOC, type CorpusCase } from './types.js';

const OPS = IAM_DOC('reference_policies_elements_condition_operators.html');
const IFEXISTS = `${OPS}#Conditions_IfExists`;
const NULL = `${OPS}#Conditions_Null`;
const MULTI = IAM_DOC('reference_policies_condition-single-vs-multi-valued-context-keys.html');
const EXAMPLES = IAM_DOC('reference_policies_condition_examples-multi-valued-context-keys.html');
const MFA = IAM_DOC('reference_policies_condition-keys.html#condition-keys-multifactorauthage');
const MFA_PRESENT = IAM_DOC('reference_policies_condition-keys.html#condition-keys-multifactorauthpresent');

const TAGS = 'aws:TagKeys';

export const conditionsSetsNullIfExists: CorpusCase[] = [
  c(
    'ForAllValues holds when every request value is listed',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] } },
    { [TAGS]: ['env'] },
    'Allow',
  ),
  c(
    'ForAllValues holds when the request values equal the list',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] } },
    { [TAGS]: ['team', 'env'] },
    'Allow',
  ),
  c(
    'ForAllValues fails when one request value is not listed',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] } },
    { [TAGS]: ['env', 'owner'] },
    'ImplicitDeny',
  ),
  c(
    'ForAllValues holds when the key is absent (vacuous truth)',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] } },
    { [TAGS]: null },
    'Allow',
  ),
  c(
    'ForAllValues with a Null check refuses a request without the key',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] }, Null: { [TAGS]: 'false' } },
    { [TAGS]: null },
    'ImplicitDeny',
  ),
  c(
    'ForAllValues with a Null check allows a request with listed keys',
    MULTI,
    { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] }, Null: { [TAGS]: 'false' } },
    { [TAGS]: ['team'] },
    'Allow',
  ),
  c(
    'ForAllValues:StringLike matches each value against the patterns',
    MULTI,
    { 'ForAllValues:StringLike': { [TAGS]: ['cost-*', 'env'] } },
    { [TAGS]: ['cost-center', 'env'] },
    'Allow',
  ),
  c(
    'ForAllValues:StringLike fails when one value matches no pattern',
    MULTI,
    { 'ForAllValues:StringLike': { [TAGS]: ['cost-*'] } },
    { [TAGS]: ['cost-center', 'env'] },
    'ImplicitDeny',
  ),
  c(
    'ForAllValues:StringNotEquals holds when no value is listed',
    MULTI,
    { 'ForAllValues:StringNotEquals': { [TAGS]: ['secret'] } },
    { [TAGS]: ['env', 'team'] },
    'Allow',
  ),
  c(
    'ForAllValues:StringNotEquals fails when one value is listed',
    MULTI,
    { 'ForAllValues:StringNotEquals': { [TAGS]: ['secret'] } },
    { [TAGS]: ['env', 'secret'] },
    'ImplicitDeny',
  ),
  c(
    'ForAnyValue holds when one request value is listed',
    MULTI,
    { 'ForAnyValue:StringEquals': { [TAGS]: ['env'] } },
    { [TAGS]: ['env', 'owner'] },
    'Allow',
  ),
  c(
    'ForAnyValue fails when no request value is listed',
    MULTI,
    { 'ForAnyValue:StringEquals': { [TAGS]: ['env'] } },
    { [TAGS]: ['team', 'owner'] },
    'ImplicitDeny',
  ),
  c(
    'ForAnyValue fails when the key is absent',
    MULTI,
    { 'ForAnyValue:StringEquals': { [TAGS]: ['env'] } },
    { [TAGS]: null },
    'ImplicitDeny',
  ),
  c(
    'ForAnyValue:StringNotEquals holds when one value is not listed',
    MULTI,
    { 'ForAnyValue:StringNotEquals': { [TAGS]: ['env'] } },
    { [TAGS]: ['env', 'owner'] },
    'Allow',
  ),
  c(
    'ForAnyValue:StringNotEquals fails when every value is listed',
    MULTI,
    { 'ForAnyValue:StringNotEquals': { [TAGS]: ['env', 'owner'] } },
    { [TAGS]: ['env', 'owner'] },
    'ImplicitDeny',
  ),
  c(
    'ForAnyValue:StringNotEquals fails when the key is absent',
    MULTI,
    { 'ForAnyValue:StringNotEquals': { [TAGS]: ['env'] } },
    { [TAGS]: null },
    'ImplicitDeny',
  ),
  c(
    'ForAnyValue:StringLike holds when one value matches a pattern',
    MULTI,
    { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
    {
      'aws:PrincipalOrgPaths': [
        'o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/',
        'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/',
      ],
    },
    'Allow',
  ),
  {
    name: 'Deny with ForAnyValue denies a request carrying a forbidden tag key',
    source: EXAMPLES,
    request: {
      action: 'ec2:CreateTags',
      resource: '*',
      context: { [TAGS]: ['env', 'secret'] },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('ec2:*'),
          deny('ec2:CreateTags', '*', { 'ForAnyValue:StringEquals': { [TAGS]: ['secret'] } }),
        ),
      ],
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'Deny with ForAnyValue does not apply when the key is absent',
    source: EXAMPLES,
    request: { action: 'ec2:CreateTags', resource: '*', context: {}, closed: true },
    policies: {
      identity: [
        doc(
          allow('ec2:*'),
          deny('ec2:CreateTags', '*', { 'ForAnyValue:StringEquals': { [TAGS]: ['secret'] } }),
        ),
      ],
    },
    expect: 'Allow',
  },
  c(
    'Null true holds when the key is absent',
    NULL,
    { Null: { 'aws:TokenIssueTime': 'true' } },
    { 'aws:TokenIssueTime': null },
    'Allow',
  ),
  c(
    'Null true fails when the key is present',
    NULL,
    { Null: { 'aws:TokenIssueTime': 'true' } },
    { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    'ImplicitDeny',
  ),
  c(
    'Null false holds when the key is present',
    NULL,
    { Null: { 'aws:TokenIssueTime': 'false' } },
    { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    'Allow',
  ),
  c(
    'Null false fails when the key is absent',
    NULL,
    { Null: { 'aws:TokenIssueTime': 'false' } },
    {},
    'ImplicitDeny',
  ),
  {
    name: 'Deny with Null true on aws:MultiFactorAuthAge denies long-term credentials',
    source: MFA,
    request: {
      action: 'ec2:StopInstances',
      resource: '*',
      context: { 'aws:MultiFactorAuthAge': null },
      closed: true,
    },
    policies: {
      identity: [
        doc(allow('ec2:*'), deny('ec2:StopInstances', '*', { Null: { 'aws:MultiFactorAuthAge': 'true' } })),
      ],
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'Deny with Null true on aws:MultiFactorAuthAge spares an MFA session',
    source: MFA,
    request: {
      action: 'ec2:StopInstances',
      resource: '*',
      context: { 'aws:MultiFactorAuthAge': '300' },
      closed: true,
    },
    policies: {
      identity: [
        doc(allow('ec2:*'), deny('ec2:StopInstances', '*', { Null: { 'aws:MultiFactorAuthAge': 'true' } })),
      ],
    },
    expect: 'Allow',
  },
  c(
    'StringEqualsIfExists holds when the key is absent',
    IFEXISTS,
    { StringEqualsIfExists: { 'ec2:InstanceType': ['t2.micro', 't2.small'] } },
    {},
    'Allow',
  ),
  c(
    'StringEqualsIfExists holds when the key matches',
    IFEXISTS,
    { StringEqualsIfExists: { 'ec2:InstanceType': ['t2.micro', 't2.small'] } },
    { 'ec2:InstanceType': 't2.small' },
    'Allow',
  ),
  c(
    'StringEqualsIfExists fails when the key is present and does not match',
    IFEXISTS,
    { StringEqualsIfExists: { 'ec2:InstanceType': ['t2.micro', 't2.small'] } },
    { 'ec2:InstanceType': 'm5.24xlarge' },
    'ImplicitDeny',
  ),
  c(
    'NumericLessThanIfExists holds when the key is absent',
    IFEXISTS,
    { NumericLessThanIfExists: { [`s3:max-keys`]: '100' } },
    {},
    'Allow',
  ),
  c(
    'ArnLikeIfExists fails when the key is present and does not match',
    IFEXISTS,
    { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:111111111111:*' } },
    { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999999999999:t' },
    'ImplicitDeny',
  ),
  c(
    'IpAddressIfExists holds when the key is absent',
    IFEXISTS,
    { IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } },
    {},
    'Allow',
  ),
  {
    name: 'Deny with BoolIfExists MultiFactorAuthPresent false denies requests without the key',
    source: IFEXISTS,
    request: {
      action: 'iam:ListUsers',
      resource: '*',
      context: { 'aws:MultiFactorAuthPresent': null },
      closed: true,
    },
    policies: {
      identity: [
        doc(allow('*'), deny('*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })),
      ],
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'Deny with Bool MultiFactorAuthPresent false does not apply to requests without the key',
    source: MFA_PRESENT,
    request: {
      action: 'iam:ListUsers',
      resource: '*',
      context: { 'aws:MultiFactorAuthPresent': null },
      closed: true,
    },
    policies: {
      identity: [doc(allow('*'), deny('*', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }))],
    },
    expect: 'Allow',
  },
  {
    name: 'Deny with BoolIfExists MultiFactorAuthPresent false spares MFA sessions',
    source: IFEXISTS,
    request: {
      action: 'iam:ListUsers',
      resource: '*',
      context: { 'aws:MultiFactorAuthPresent': 'true' },
      closed: true,
    },
    policies: {
      identity: [
        doc(allow('*'), deny('*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })),
      ],
    },
    expect: 'Allow',
  },
  {
    name: 'Deny with BoolIfExists MultiFactorAuthPresent false denies a session without MFA',
    source: IFEXISTS,
    request: {
      action: 'iam:ListUsers',
      resource: '*',
      context: { 'aws:MultiFactorAuthPresent': 'false' },
      closed: true,
    },
    policies: {
      identity: [
        doc(allow('*'), deny('*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })),
      ],
    },
    expect: 'ExplicitDeny',
  },
];
