import { describe, expect, it } from 'vitest';
import { contextLookup } from './context.js';
import { evaluate, type EvaluationRequest, type PolicySet } from './evaluate.js';
import { parsePolicy } from './policy.js';

const alice = {
  kind: 'user' as const,
  accountId: '111111111111',
  arn: 'arn:aws:iam::111111111111:user/alice',
};
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const req = (over: Partial<EvaluationRequest> = {}): EvaluationRequest => ({
  principal: alice,
  action: 'dynamodb:DeleteTable',
  resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders',
  context: contextLookup({ 'aws:RequestedRegion': 'eu-west-1' }),
  ...over,
});
const set = (over: Partial<PolicySet>): PolicySet => ({ identity: [], ...over });

describe('evaluate', () => {
  it('allows by identity policy, denies implicitly without one', () => {
    const allow = parsePolicy('p', doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }));
    expect(evaluate(req(), set({ identity: [allow] })).decision).toBe('Allow');
    expect(evaluate(req(), set({})).decision).toBe('ImplicitDeny');
  });

  it('an SCP deny wins and is named; a level without allow denies', () => {
    const allow = parsePolicy('admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
    const full = parsePolicy('FullAWSAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
    const deny = parsePolicy(
      'no-delete',
      doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*' }),
    );
    const denied = evaluate(
      req(),
      set({
        identity: [allow],
        scps: [
          { target: 'Root', policies: [full] },
          { target: 'OU Prod', policies: [full, deny] },
        ],
      }),
    );
    expect(denied.decision).toBe('ExplicitDeny');
    expect(denied.statements.find((s) => s.effect === 'Deny')).toMatchObject({
      layer: 'scp',
      level: 'OU Prod',
      policy: 'no-delete',
      statement: 'Sid NoDelete',
    });
    const narrow = parsePolicy('only-s3', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    const missing = evaluate(
      req(),
      set({
        identity: [allow],
        scps: [
          { target: 'Root', policies: [full] },
          { target: 'OU Prod', policies: [narrow] },
        ],
      }),
    );
    expect(missing).toMatchObject({
      decision: 'ImplicitDeny',
      missingAllow: [{ layer: 'scp', level: 'OU Prod' }],
    });
  });

  it('depends on a key orgward cannot know', () => {
    const allow = parsePolicy(
      'ip',
      doc({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      }),
    );
    expect(evaluate(req(), set({ identity: [allow] }))).toMatchObject({
      decision: 'Depends',
      dependsOn: ['aws:SourceIp'],
    });
    const known = req({ context: contextLookup({ 'aws:SourceIp': '10.1.2.3' }) });
    expect(evaluate(known, set({ identity: [allow] })).decision).toBe('Allow');
  });
});
