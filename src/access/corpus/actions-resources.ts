import { allow, deny, doc, IAM_DOC, type CorpusCase } from './types.js';

const EVAL = IAM_DOC('reference_policies_evaluation-logic.html');
const DENY_ALLOW = IAM_DOC('reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html');
const ACTION = IAM_DOC('reference_policies_elements_action.html');
const NOT_ACTION = IAM_DOC('reference_policies_elements_notaction.html');
const RESOURCE = IAM_DOC('reference_policies_elements_resource.html');
const RESOURCE_WILDCARDS = IAM_DOC(
  'reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards',
);
const NOT_RESOURCE = IAM_DOC('reference_policies_elements_notresource.html');

const OBJ = 'arn:aws:s3:::amzn-s3-demo-bucket/report.csv';
const get = (resource = OBJ) => ({ action: 's3:GetObject', resource });

export const actionsResources: CorpusCase[] = [
  {
    name: 'no policy at all is an implicit deny',
    source: EVAL,
    request: get(),
    policies: {},
    expect: 'ImplicitDeny',
  },
  {
    name: 'an identity policy allowing the exact action allows',
    source: EVAL,
    request: get(),
    policies: { identity: [doc(allow('s3:GetObject'))] },
    expect: 'Allow',
  },
  {
    name: 'a policy allowing another action leaves an implicit deny',
    source: EVAL,
    request: get(),
    policies: { identity: [doc(allow('s3:PutObject'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'explicit deny overrides an allow in the same policy',
    source: DENY_ALLOW,
    request: get(),
    policies: { identity: [doc(allow('s3:*'), deny('s3:GetObject'))] },
    expect: 'ExplicitDeny',
  },
  {
    name: 'explicit deny in one policy overrides an allow in another',
    source: DENY_ALLOW,
    request: get(),
    policies: { identity: [doc(allow('*')), doc(deny('s3:GetObject', OBJ))] },
    expect: 'ExplicitDeny',
  },
  {
    name: 'an explicit deny alone is an explicit deny',
    source: DENY_ALLOW,
    request: get(),
    policies: { identity: [doc(deny('s3:*'))] },
    expect: 'ExplicitDeny',
  },
  {
    name: 'a deny on another action does not affect the request',
    source: DENY_ALLOW,
    request: get(),
    policies: { identity: [doc(allow('s3:*'), deny('s3:DeleteObject'))] },
    expect: 'Allow',
  },
  {
    name: 'a deny on another resource does not affect the request',
    source: DENY_ALLOW,
    request: get(),
    policies: { identity: [doc(allow('s3:*'), deny('s3:*', 'arn:aws:s3:::other-bucket/*'))] },
    expect: 'Allow',
  },
  {
    name: 'action names are case-insensitive (policy in mixed case)',
    source: ACTION,
    request: get(),
    policies: { identity: [doc(allow('S3:getobject'))] },
    expect: 'Allow',
  },
  {
    name: 'action names are case-insensitive (request in mixed case)',
    source: ACTION,
    request: { action: 'S3:GETOBJECT', resource: OBJ },
    policies: { identity: [doc(allow('s3:GetObject'))] },
    expect: 'Allow',
  },
  {
    name: 'action wildcard s3:Get* covers s3:GetObject',
    source: ACTION,
    request: get(),
    policies: { identity: [doc(allow('s3:Get*'))] },
    expect: 'Allow',
  },
  {
    name: 'action wildcard s3:Get* does not cover s3:PutObject',
    source: ACTION,
    request: { action: 's3:PutObject', resource: OBJ },
    policies: { identity: [doc(allow('s3:Get*'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'action wildcard in the middle (iam:*AccessKey*)',
    source: ACTION,
    request: { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::111111111111:user/alice' },
    policies: { identity: [doc(allow('iam:*AccessKey*'))] },
    expect: 'Allow',
  },
  {
    name: 'action single-character wildcard ?',
    source: ACTION,
    request: get(),
    policies: { identity: [doc(allow('s3:?etObject'))] },
    expect: 'Allow',
  },
  {
    name: 'service wildcard s3:* covers every S3 action',
    source: ACTION,
    request: { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::amzn-s3-demo-bucket' },
    policies: { identity: [doc(allow('s3:*'))] },
    expect: 'Allow',
  },
  {
    name: 'service wildcard of another service does not cover the action',
    source: ACTION,
    request: get(),
    policies: { identity: [doc(allow('iam:*'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'Action "*" covers every action of every service',
    source: ACTION,
    request: { action: 'ec2:RunInstances', resource: '*' },
    policies: { identity: [doc(allow('*'))] },
    expect: 'Allow',
  },
  {
    name: 'an action list matches any of its actions',
    source: ACTION,
    request: { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:queue1' },
    policies: { identity: [doc(allow(['sqs:SendMessage', 'sqs:ReceiveMessage']))] },
    expect: 'Allow',
  },
  {
    name: 'resource ARN exact match allows',
    source: RESOURCE,
    request: get(),
    policies: { identity: [doc(allow('s3:GetObject', OBJ))] },
    expect: 'Allow',
  },
  {
    name: 'resource ARNs are case-sensitive',
    source: RESOURCE,
    request: get(),
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/REPORT.csv'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'a bucket ARN does not cover the objects in it',
    source: RESOURCE,
    request: get(),
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'resource wildcard * spans slashes in an object key',
    source: RESOURCE_WILDCARDS,
    request: get('arn:aws:s3:::amzn-s3-demo-bucket/2024/01/report.csv'),
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/*'))] },
    expect: 'Allow',
  },
  {
    name: 'resource wildcard * spans colons in the resource part',
    source: RESOURCE_WILDCARDS,
    request: {
      action: 'logs:PutLogEvents',
      resource: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/fn:log-stream:2024/abc',
    },
    policies: {
      identity: [
        doc(allow('logs:PutLogEvents', 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/*')),
      ],
    },
    expect: 'Allow',
  },
  {
    name: 'resource wildcard in the region segment',
    source: RESOURCE_WILDCARDS,
    request: { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders' },
    policies: { identity: [doc(allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:111111111111:table/orders'))] },
    expect: 'Allow',
  },
  {
    name: 'resource pattern for another account does not match',
    source: RESOURCE,
    request: { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders' },
    policies: { identity: [doc(allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:999999999999:table/*'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'resource ? wildcard matches exactly one character',
    source: RESOURCE_WILDCARDS,
    request: get('arn:aws:s3:::amzn-s3-demo-bucket/log-1.txt'),
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/log-?.txt'))] },
    expect: 'Allow',
  },
  {
    name: 'resource ? wildcard does not match two characters',
    source: RESOURCE_WILDCARDS,
    request: get('arn:aws:s3:::amzn-s3-demo-bucket/log-10.txt'),
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/log-?.txt'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'a resource list matches any of its ARNs',
    source: RESOURCE,
    request: get(),
    policies: {
      identity: [doc(allow('s3:GetObject', ['arn:aws:s3:::other/*', 'arn:aws:s3:::amzn-s3-demo-bucket/*']))],
    },
    expect: 'Allow',
  },
  {
    name: 'Allow with NotAction allows actions outside the list',
    source: NOT_ACTION,
    request: get(),
    policies: { identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    expect: 'Allow',
  },
  {
    name: 'Allow with NotAction does not allow the listed actions',
    source: NOT_ACTION,
    request: { action: 'iam:CreateUser', resource: 'arn:aws:iam::111111111111:user/eve' },
    policies: { identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'Deny with NotAction denies every action outside the list',
    source: NOT_ACTION,
    request: get(),
    policies: { identity: [doc(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })] },
    expect: 'ExplicitDeny',
  },
  {
    name: 'Deny with NotAction does not deny the listed actions (they still need an allow)',
    source: NOT_ACTION,
    request: { action: 'iam:ListUsers', resource: '*' },
    policies: { identity: [doc(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })] },
    expect: 'Allow',
  },
  {
    name: 'Deny with NotAction grants nothing by itself',
    source: NOT_ACTION,
    request: { action: 'iam:ListUsers', resource: '*' },
    policies: { identity: [doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'Allow with NotResource allows other resources',
    source: NOT_RESOURCE,
    request: get('arn:aws:s3:::public-bucket/a.txt'),
    policies: {
      identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' })],
    },
    expect: 'Allow',
  },
  {
    name: 'Allow with NotResource does not allow the listed resources',
    source: NOT_RESOURCE,
    request: get(),
    policies: {
      identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' })],
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'Deny with NotResource denies everything outside the listed resources',
    source: NOT_RESOURCE,
    request: get('arn:aws:s3:::other-bucket/a.txt'),
    policies: {
      identity: [
        doc(allow('s3:*'), {
          Effect: 'Deny',
          Action: 's3:*',
          NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
        }),
      ],
    },
    expect: 'ExplicitDeny',
  },
  {
    name: 'Deny with NotResource leaves the listed resources to the allow',
    source: NOT_RESOURCE,
    request: get(),
    policies: {
      identity: [
        doc(allow('s3:*'), {
          Effect: 'Deny',
          Action: 's3:*',
          NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
        }),
      ],
    },
    expect: 'Allow',
  },
  {
    name: 'Deny with NotAction and NotResource applies only outside both',
    source: NOT_RESOURCE,
    request: { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:111111111111:instance/*' },
    policies: {
      identity: [
        doc(allow('*'), {
          Effect: 'Deny',
          NotAction: 's3:*',
          NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
        }),
      ],
    },
    expect: 'ExplicitDeny',
  },
];
