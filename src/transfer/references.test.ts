import { describe, expect, it } from 'vitest';
import { orgMatches, type OrgIds } from './references.js';

const ORG = 'o-source1111';
const IDS: OrgIds = { organizationId: ORG, pathIds: ['r-src1', 'ou-src1-customers', 'ou-src1-gold'] };

/** A resource policy with one statement per argument. */
const policy = (...statements: Array<Record<string, unknown>>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

const allowGet = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::bucket/*',
  ...extra,
});

describe('orgMatches', () => {
  it('finds the organization id in aws:PrincipalOrgID as a string', () => {
    const document = policy(allowGet({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }));
    expect(orgMatches(document, IDS)).toEqual([{ value: ORG, key: 'aws:PrincipalOrgID' }]);
  });

  it('finds it in an array value under any operator, keeping the key as written', () => {
    const document = policy(
      allowGet({
        Condition: { 'ForAnyValue:StringLike': { 'AWS:principalorgid': ['o-other99999', ORG] } },
      }),
    );
    expect(orgMatches(document, IDS)).toEqual([{ value: ORG, key: 'AWS:principalorgid' }]);
  });

  it('finds the OU ids (not the root id) inside an aws:PrincipalOrgPaths path', () => {
    const document = policy(
      allowGet({
        Condition: {
          'ForAnyValue:StringEquals': {
            'aws:PrincipalOrgPaths': [`${ORG}/r-src1/ou-src1-customers/ou-src1-gold/`],
          },
        },
      }),
    );
    expect(orgMatches(document, IDS)).toEqual([
      { value: ORG, key: 'aws:PrincipalOrgPaths' },
      { value: 'ou-src1-customers', key: 'aws:PrincipalOrgPaths' },
      { value: 'ou-src1-gold', key: 'aws:PrincipalOrgPaths' },
    ]);
  });

  it('reports the organization id outside conditions with a null key', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: `arn:aws:organizations::111111111111:organization/${ORG}`,
    });
    expect(orgMatches(document, IDS)).toEqual([{ value: ORG, key: null }]);
  });

  it('keeps a condition match and an elsewhere match from different statements apart', () => {
    const document = policy(allowGet({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }), {
      Effect: 'Allow',
      Principal: '*',
      Action: 'sqs:SendMessage',
      Resource: `arn:x:${ORG}`,
    });
    expect(orgMatches(document, IDS)).toEqual([
      { value: ORG, key: 'aws:PrincipalOrgID' },
      { value: ORG, key: null },
    ]);
  });

  it('reports each id and key once', () => {
    const condition = { Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORG, ORG] } } };
    const document = policy(allowGet(condition), allowGet(condition));
    expect(orgMatches(document, IDS)).toEqual([{ value: ORG, key: 'aws:PrincipalOrgID' }]);
  });

  it('returns nothing for a document that names neither the organization nor its OUs', () => {
    expect(orgMatches(policy(allowGet()), IDS)).toEqual([]);
    expect(
      orgMatches(
        policy(allowGet({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-other99999' } } })),
        IDS,
      ),
    ).toEqual([]);
  });

  it('does not report the root id on its own', () => {
    const document = policy(
      allowGet({ Condition: { StringLike: { 'aws:PrincipalOrgPaths': 'x/r-src1/*' } } }),
    );
    expect(orgMatches(document, IDS)).toEqual([]);
  });

  it('searches a document that is not JSON as text', () => {
    const document = `not json: ${ORG} and ou-src1-gold {`;
    expect(orgMatches(document, IDS)).toEqual([
      { value: ORG, key: null },
      { value: 'ou-src1-gold', key: null },
    ]);
  });

  it('reads a Statement given as an object instead of an array', () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: allowGet({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }),
    });
    expect(orgMatches(document, IDS)).toEqual([{ value: ORG, key: 'aws:PrincipalOrgID' }]);
  });
});
