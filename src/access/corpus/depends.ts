import { allow, deny, doc, IAM_DOC, type CorpusCase } from './types.js';

const EVAL = IAM_DOC('reference_policies_evaluation-logic.html');
const OPS = IAM_DOC('reference_policies_elements_condition_operators.html');
const KEYS = IAM_DOC('reference_policies_condition-keys.html');
const RESOURCE = IAM_DOC('reference_policies_elements_resource.html');

const ip = doc(allow('*', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }));
const mfa = doc(allow('*', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));

export const depends: CorpusCase[] = [
  {
    name: 'an allow conditioned on aws:SourceIp the context does not list depends on it',
    source: `${KEYS}#condition-keys-sourceip`,
    request: { action: 's3:ListAllMyBuckets', context: {} },
    policies: { identity: [ip] },
    expect: 'Depends',
    dependsOn: ['aws:SourceIp'],
  },
  {
    name: 'the same allow with aws:SourceIp known inside the range allows',
    source: `${KEYS}#condition-keys-sourceip`,
    request: { action: 's3:ListAllMyBuckets', context: { 'aws:SourceIp': '10.9.8.7' } },
    policies: { identity: [ip] },
    expect: 'Allow',
  },
  {
    name: 'the same allow with aws:SourceIp known-absent is an implicit deny',
    source: OPS,
    request: { action: 's3:ListAllMyBuckets', context: { 'aws:SourceIp': null } },
    policies: { identity: [ip] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'an allow on aws:MultiFactorAuthPresent the context does not list depends on it',
    source: `${KEYS}#condition-keys-multifactorauthpresent`,
    request: { action: 'ec2:StopInstances', context: {} },
    policies: { identity: [mfa] },
    expect: 'Depends',
    dependsOn: ['aws:MultiFactorAuthPresent'],
  },
  {
    name: 'an allow on aws:MultiFactorAuthPresent known-absent is an implicit deny',
    source: `${KEYS}#condition-keys-multifactorauthpresent`,
    request: { action: 'ec2:StopInstances', context: { 'aws:MultiFactorAuthPresent': null } },
    policies: { identity: [mfa] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'a closed context makes unlisted keys absent',
    source: OPS,
    request: { action: 'ec2:StopInstances', context: {}, closed: true },
    policies: { identity: [mfa] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'an unconditional allow plus a deny on an unknown key depends on that key',
    source: EVAL,
    request: { action: 'ec2:TerminateInstances', context: {} },
    policies: {
      identity: [
        doc(
          allow('*'),
          deny('ec2:TerminateInstances', '*', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
        ),
      ],
    },
    expect: 'Depends',
    dependsOn: ['aws:SourceIp'],
  },
  {
    name: 'a deny on an unknown key without any allow is an implicit deny either way',
    source: EVAL,
    request: { action: 'ec2:TerminateInstances', context: {} },
    policies: { identity: [doc(deny('*', '*', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'an unconditional deny decides even when the allow depends on a key',
    source: EVAL,
    request: { action: 's3:ListAllMyBuckets', context: {} },
    policies: { identity: [ip, doc(deny('s3:*'))] },
    expect: 'ExplicitDeny',
  },
  {
    name: 'an unconditional allow decides even when another allow depends on a key',
    source: EVAL,
    request: { action: 's3:ListAllMyBuckets', context: {} },
    policies: { identity: [ip, doc(allow('s3:*'))] },
    expect: 'Allow',
  },
  {
    name: 'a statement whose other condition fails does not depend on the unknown key',
    source: OPS,
    request: { action: 's3:ListAllMyBuckets', context: { 'aws:RequestedRegion': 'us-east-1' } },
    policies: {
      identity: [
        doc(
          allow('*', '*', {
            IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
            StringEquals: { 'aws:RequestedRegion': 'eu-west-1' },
          }),
        ),
      ],
    },
    expect: 'ImplicitDeny',
  },
  {
    name: 'two unknown keys in one statement are both reported',
    source: OPS,
    request: { action: 's3:ListAllMyBuckets', context: {} },
    policies: {
      identity: [
        doc(
          allow('*', '*', {
            IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
            Bool: { 'aws:SecureTransport': 'true' },
          }),
        ),
      ],
    },
    expect: 'Depends',
    dependsOn: ['aws:SecureTransport', 'aws:SourceIp'],
  },
  {
    name: 'an IfExists operator on an unknown key still depends on it',
    source: `${OPS}#Conditions_IfExists`,
    request: { action: 'ec2:RunInstances', context: {} },
    policies: {
      identity: [doc(allow('ec2:*', '*', { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }))],
    },
    expect: 'Depends',
    dependsOn: ['ec2:InstanceType'],
  },
  {
    name: 'an unspecified resource with a narrower Resource element depends on the resource',
    source: RESOURCE,
    request: { action: 's3:GetObject', resource: '*' },
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/*'))] },
    expect: 'Depends',
    dependsOn: ['resource'],
  },
  {
    name: 'an unspecified resource with a Resource pattern of another service does not match',
    source: RESOURCE,
    request: { action: 's3:GetObject', resource: '*' },
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:dynamodb:*:111111111111:table/*'))] },
    expect: 'ImplicitDeny',
  },
  {
    name: 'an unspecified resource with a Resource pattern of another account does not match',
    source: RESOURCE,
    request: { action: 'dynamodb:GetItem', resource: '*' },
    policies: { identity: [doc(allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:999999999999:table/*'))] },
    expect: 'ImplicitDeny',
  },
];
