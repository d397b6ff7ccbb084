/** Temporary credentials STS hands out (`ASIA…`), recorded in `world.credentials` so they act as the session. */
import { BASE64ISH, randomString } from '../../rng.js';
import type { CallContext } from '../../service.js';
import type { CredentialRecord } from '../../world.js';
import { newAccessKeyId, newSecret } from '../iam/credentials.js';

type SessionRecord = Extract<CredentialRecord, { kind: 'role' | 'root-session' }>;
type SessionFields = DistributiveOmit<SessionRecord, 'secretAccessKey' | 'sessionToken' | 'expiration'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function mintSession(ctx: CallContext, fields: SessionFields, durationSeconds: number) {
  const accessKeyId = newAccessKeyId(ctx.world, 'ASIA');
  const secretAccessKey = newSecret(ctx.world);
  const sessionToken = `IQoJb3JpZ2luX2Vj${randomString(ctx.world, BASE64ISH, 240)}`;
  const expiration = new Date(ctx.now.getTime() + durationSeconds * 1000);
  ctx.world.credentials[accessKeyId] = {
    ...fields,
    secretAccessKey,
    sessionToken,
    expiration: expiration.toISOString(),
  };
  return {
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    SessionToken: sessionToken,
    Expiration: expiration,
  };
}
