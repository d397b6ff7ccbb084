import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { awsJsonError, stringifyAwsJson } from './aws-json.js';
import { awsQueryError, awsQuerySuccess } from './aws-query.js';
import { parseQueryForm } from './query-input.js';
import { xmlMap } from './xml.js';

describe('parseQueryForm', () => {
  it('turns member lists, entry maps and ec2 index lists into nested values', () => {
    const body =
      'Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=a' +
      '&Tags.member.2.Key=env&Tags.member.2.Value=prod&Attributes.entry.1.key=Policy&Attributes.entry.1.value=%7B%7D' +
      '&InstanceId.2=i-2&InstanceId.1=i-1&Empty=';
    expect(parseQueryForm(body)).toEqual({
      Action: 'CreateUser',
      Version: '2010-05-08',
      UserName: 'alice',
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'prod' },
      ],
      Attributes: { Policy: '{}' },
      InstanceId: ['i-1', 'i-2'],
      Empty: '',
    });
  });

  it('orders list members numerically, not as text', () => {
    const parts = Array.from({ length: 11 }, (_, i) => `L.member.${i + 1}=v${i + 1}`).join('&');
    expect(parseQueryForm(parts).L).toEqual(Array.from({ length: 11 }, (_, i) => `v${i + 1}`));
  });
});

describe('awsJson encoding', () => {
  it('writes Date values as epoch seconds', () => {
    expect(stringifyAwsJson({ At: new Date('2026-01-01T00:00:01.500Z'), N: [new Date(0)] })).toBe(
      '{"At":1767225601.5,"N":[0]}',
    );
  });

  it('encodes errors with __type, message, extras and x-amzn-errortype', () => {
    const response = awsJsonError(
      new AwsError('ConstraintViolationException', 'too deep', {
        extras: { Reason: 'OU_DEPTH_LIMIT_EXCEEDED' },
      }),
      '1.1',
      'req-1',
    );
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('ConstraintViolationException');
    expect(JSON.parse(response.body.toString())).toEqual({
      __type: 'ConstraintViolationException',
      message: 'too deep',
      Reason: 'OU_DEPTH_LIMIT_EXCEEDED',
    });
  });
});

describe('awsQuery encoding', () => {
  it('wraps the result, writes lists as member and maps as entry, escapes text', () => {
    const response = awsQuerySuccess(
      'GetAccountSummary',
      { SummaryMap: xmlMap({ Users: 2 }), Names: ['a<b', 'c'], When: new Date('2026-01-01T00:00:00Z') },
      'https://iam.amazonaws.com/doc/2010-05-08/',
      'rid',
    );
    expect(response.body).toBe(
      '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult>' +
        '<SummaryMap><entry><key>Users</key><value>2</value></entry></SummaryMap>' +
        '<Names><member>a&lt;b</member><member>c</member></Names><When>2026-01-01T00:00:00.000Z</When>' +
        '</GetAccountSummaryResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetAccountSummaryResponse>',
    );
  });

  it('encodes errors as ErrorResponse with Sender/Receiver type', () => {
    const client = awsQueryError(new AwsError('NoSuchEntity', 'no user', { status: 404 }), 'ns', 'r1');
    expect(client.status).toBe(404);
    expect(client.body).toContain('<Type>Sender</Type><Code>NoSuchEntity</Code><Message>no user</Message>');
    const server = awsQueryError(new AwsError('ServiceFailure', 'boom', { status: 500 }), 'ns', 'r2');
    expect(server.body).toContain('<Type>Receiver</Type>');
  });
});
