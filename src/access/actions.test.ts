/** The action catalogue checks and pattern expansion, on a tiny hand-made catalogue. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { checkAction, checkResource, expandActionPattern, type ActionCatalogue } from './actions.js';

const ACTIONS: Record<string, readonly string[]> = {
  dynamodb: ['DeleteTable', 'DescribeTable', 'GetItem', 'PutItem'],
  s3: ['GetBucketPolicy', 'GetObject', 'PutObject'],
  ec2: ['DescribeInstances', 'RunInstances'],
  iam: ['CreateUser'],
  sts: ['AssumeRole'],
  organizations: ['LeaveOrganization'],
};
const CATALOGUE: ActionCatalogue = {
  services: new Set([...Object.keys(ACTIONS), 'newsvc']),
  actionsOf: (p) => ACTIONS[p],
};

function refusal(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('no refusal');
}

describe('checkAction', () => {
  it('returns the action as AWS spells it', () => {
    expect(checkAction('DYNAMODB:deletetable', CATALOGUE)).toBe('dynamodb:DeleteTable');
    expect(checkAction('  s3:getobject ', CATALOGUE)).toBe('s3:GetObject');
    expect(checkAction('sts:AssumeRole', CATALOGUE)).toBe('sts:AssumeRole');
  });

  it('keeps the action as written for a known service whose actions are not loaded', () => {
    expect(checkAction('NewSvc:DoThing', CATALOGUE)).toBe('newsvc:DoThing');
  });

  it('refuses what is not service:Action, wildcards included', () => {
    for (const action of ['dynamodb', 'dynamodb:*', 's3:Get*', '*', 'dynamodb:Delete Table', ':GetItem'])
      expect(refusal(() => checkAction(action, CATALOGUE)).message).toBe(`'${action}' is not an IAM action`);
  });

  it('suggests the service prefixes near an unknown one', () => {
    const e = refusal(() => checkAction('dynamo:GetItem', CATALOGUE));
    expect(e.message).toBe("unknown service prefix 'dynamo' in 'dynamo:GetItem'");
    expect(e.hint).toBe('did you mean dynamodb?');
    expect(refusal(() => checkAction('zzz:GetItem', CATALOGUE)).hint).toBe(
      'see the Service Authorization Reference for prefixes',
    );
  });

  it('suggests the actions near an unknown one, written with the prefix', () => {
    const e = refusal(() => checkAction('dynamodb:DeleteTabel', CATALOGUE));
    expect(e.message).toBe("dynamodb has no action 'DeleteTabel'");
    expect(e.hint).toBe('did you mean dynamodb:DeleteTable?');
    expect(refusal(() => checkAction('s3:GetObjects', CATALOGUE)).hint).toBe(
      'did you mean s3:GetBucketPolicy, s3:GetObject?',
    );
    expect(refusal(() => checkAction('ec2:Zap', CATALOGUE)).hint).toBeUndefined();
  });
});

describe('checkResource', () => {
  it('accepts * and ARNs', () => {
    expect(checkResource('*')).toBe('*');
    expect(checkResource('arn:aws:s3:::bucket/key')).toBe('arn:aws:s3:::bucket/key');
    expect(checkResource('arn:aws:dynamodb:us-east-1:123456789012:table/orders')).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
    );
  });

  it('refuses anything else', () => {
    for (const r of ['bucket', 'arn:aws:s3', 's3://bucket/key'])
      expect(refusal(() => checkResource(r)).message).toBe(`'${r}' is not an ARN`);
  });
});

describe('expandActionPattern', () => {
  it('expands * to every action of every listed service', () => {
    const all = expandActionPattern('*', CATALOGUE);
    expect(all).toHaveLength(Object.values(ACTIONS).flat().length);
    expect(all).toContain('dynamodb:DeleteTable');
    expect(all).toContain('organizations:LeaveOrganization');
    expect(all.some((a) => a.startsWith('newsvc:'))).toBe(false);
  });

  it('expands a name pattern case-insensitively', () => {
    expect(expandActionPattern('s3:Get*', CATALOGUE)).toEqual(['s3:GetBucketPolicy', 's3:GetObject']);
    expect(expandActionPattern('S3:get*', CATALOGUE)).toEqual(['s3:GetBucketPolicy', 's3:GetObject']);
    expect(expandActionPattern('dynamodb:*', CATALOGUE)).toEqual(
      ACTIONS.dynamodb!.map((a) => `dynamodb:${a}`),
    );
    expect(expandActionPattern('dynamodb:?etItem', CATALOGUE)).toEqual(['dynamodb:GetItem']);
    expect(expandActionPattern('ec2:RunInstances', CATALOGUE)).toEqual(['ec2:RunInstances']);
  });

  it('expands a service pattern and gives nothing for unknown ones', () => {
    expect(expandActionPattern('s*:*', CATALOGUE)).toEqual([
      's3:GetBucketPolicy',
      's3:GetObject',
      's3:PutObject',
      'sts:AssumeRole',
    ]);
    expect(expandActionPattern('lambda:*', CATALOGUE)).toEqual([]);
    expect(expandActionPattern('s3:Delete*', CATALOGUE)).toEqual([]);
    expect(expandActionPattern('newsvc:*', CATALOGUE)).toEqual([]);
  });
});
