import { ALICE, allow, doc, IAM_DOC, ROLE, type CorpusCase } from './types.js';

const VARS = IAM_DOC('reference_policies_variables.html');
const RES = `${VARS}#policy-vars-infotouse`;
const DEFAULTS = `${VARS}#policy-vars-default-values`;
const SPECIAL = `${VARS}#policy-vars-specialchars`;
const NOVALUE = `${VARS}#policy-vars-no-value`;

const home = doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*'));
const teamBucket = doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team}/*'));
const withDefault = doc(
  allow('s3:GetObject', "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'shared'}/*"),
);

export const variables: CorpusCase[] = [
  {
    name: '${aws:username} in Resource allows the user her own folder',
    source: VARS,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt',
      context: { 'aws:username': 'alice' },
    },
    policies: { identity: [home] },
    expect: 'Allow',
  },
  {
    name: "${aws:username} in Resource does not allow another user's folder",
    source: VARS,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt',
      context: { 'aws:username': 'alice' },
    },
    policies: { identity: [home] },
    expect: 'ImplicitDeny',
  },
  {
    name: '${aws:username} without a value (a role session) matches nothing',
    source: NOVALUE,
    request: {
      principal: ROLE,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/App/x',
      context: { 'aws:username': null },
    },
    policies: { identity: [home] },
    expect: 'ImplicitDeny',
  },
  {
    name: '${aws:username} the request does not tell makes the answer depend on it',
    source: VARS,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt',
      context: {},
    },
    policies: { identity: [home] },
    expect: 'Depends',
    dependsOn: ['aws:username'],
  },
  {
    name: '${aws:PrincipalTag/team} in Resource selects the team folder',
    source: RES,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/blue/plan.txt',
      context: { 'aws:PrincipalTag/team': 'blue' },
    },
    policies: { identity: [teamBucket] },
    expect: 'Allow',
  },
  {
    name: '${aws:PrincipalTag/team} does not reach another team folder',
    source: RES,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/red/plan.txt',
      context: { 'aws:PrincipalTag/team': 'blue' },
    },
    policies: { identity: [teamBucket] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'an untagged principal matches nothing through ${aws:PrincipalTag/team}',
    source: NOVALUE,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/blue/plan.txt',
      context: { 'aws:PrincipalTag/team': null },
    },
    policies: { identity: [teamBucket] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'a default value stands in for a missing tag',
    source: DEFAULTS,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/shared/plan.txt',
      context: { 'aws:PrincipalTag/team': null },
    },
    policies: { identity: [withDefault] },
    expect: 'Allow',
  },
  {
    name: 'a default value is not used when the tag is present',
    source: DEFAULTS,
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket/shared/plan.txt',
      context: { 'aws:PrincipalTag/team': 'blue' },
    },
    policies: { identity: [withDefault] },
    expect: 'ImplicitDeny',
  },
  {
    name: '${*} in Resource is a literal asterisk, not a wildcard (no match)',
    source: SPECIAL,
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/anything' },
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/${*}'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: '${*} in Resource matches a literal asterisk',
    source: SPECIAL,
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' },
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/${*}'))] },
    expect: 'Allow',
  },
  {
    name: '${aws:username} in a StringLike condition on s3:prefix',
    source: VARS,
    request: {
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket',
      context: { 'aws:username': 'alice', 's3:prefix': 'home/alice/photos/' },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('s3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', {
            StringLike: { 's3:prefix': ['home/${aws:username}/*'] },
          }),
        ),
      ],
    },
    expect: 'Allow',
  },
  {
    name: '${aws:username} in a StringLike condition refuses another prefix',
    source: VARS,
    request: {
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket',
      context: { 'aws:username': 'alice', 's3:prefix': 'home/bob/' },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('s3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', {
            StringLike: { 's3:prefix': ['home/${aws:username}/*'] },
          }),
        ),
      ],
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'ABAC: aws:ResourceTag/team equal to ${aws:PrincipalTag/team} allows',
    source: VARS,
    request: {
      action: 'ec2:StartInstances',
      resource: '*',
      context: { 'aws:PrincipalTag/team': 'blue', 'aws:ResourceTag/team': 'blue' },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('ec2:StartInstances', '*', {
            StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' },
          }),
        ),
      ],
    },
    expect: 'Allow',
  },
  {
    name: 'ABAC: aws:ResourceTag/team different from ${aws:PrincipalTag/team} is refused',
    source: VARS,
    request: {
      action: 'ec2:StartInstances',
      resource: '*',
      context: { 'aws:PrincipalTag/team': 'blue', 'aws:ResourceTag/team': 'red' },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('ec2:StartInstances', '*', {
            StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' },
          }),
        ),
      ],
    },
    expect: 'ImplicitDeny',
  },
  {
    name: '${aws:PrincipalAccount} in an ArnLike condition',
    source: VARS,
    request: {
      principal: ALICE,
      action: 'sns:Publish',
      resource: '*',
      context: {
        'aws:PrincipalAccount': '111111111111',
        'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:t',
      },
      closed: true,
    },
    policies: {
      identity: [
        doc(
          allow('sns:Publish', '*', {
            ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:PrincipalAccount}:*' },
          }),
        ),
      ],
    },
    expect: 'Allow',
  },
];
