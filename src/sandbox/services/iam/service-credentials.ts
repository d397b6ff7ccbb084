/**
 * Service-specific credentials of IAM users: CodeCommit Git credentials and Amazon Keyspaces passwords
 * (`ServiceUserName` + `ServicePassword`), Bedrock and CloudWatch Logs API keys (`ServiceCredentialAlias`
 * + `ServiceCredentialSecret`, optionally expiring after `CredentialAgeDays`). At most two per user and
 * service. Without `UserName` the calls act on the caller ({@link subjectOf}); the root user has none.
 */
import { AwsError } from '../../errors.js';
import { optBool, optInt, optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import {
  date,
  iamAccount,
  iamPage,
  invalidInput,
  limitExceeded,
  noSuchEntity,
  optDate,
  reqName,
  userNameRules,
  validationError,
} from './common.js';
import {
  addServiceSpecificCredential,
  newServiceSecret,
  SERVICE_CREDENTIAL_SERVICES,
} from './credentials.js';
import { subjectOf, type Subject } from './root-session.js';
import { iamOf, serviceCredentialsOf, type ServiceSpecificCredentialState, type UserState } from './state.js';

export const SERVICE_CREDENTIALS_PER_SERVICE = 2;
const ID_RULES = { min: 20, max: 128, pattern: /^\w+$/ };

function serviceName(input: Input, required: true): string;
function serviceName(input: Input, required: false): string | undefined;
function serviceName(input: Input, required: boolean): string | undefined {
  const name = required ? reqString(input, 'ServiceName') : optString(input, 'ServiceName');
  if (name !== undefined && !Object.hasOwn(SERVICE_CREDENTIAL_SERVICES, name))
    throw new AwsError('NotSupportedService', `The specified service ${name} is not supported.`, {
      status: 404,
    });
  return name;
}

function metadata(user: UserState, c: ServiceSpecificCredentialState) {
  return {
    UserName: user.userName,
    Status: c.status,
    ServiceUserName: c.serviceUserName,
    ServiceCredentialAlias: c.serviceCredentialAlias,
    CreateDate: date(c.createDate),
    ExpirationDate: optDate(c.expirationDate),
    ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
    ServiceName: c.serviceName,
  };
}

/** The answer of Create and Reset: the metadata and the secret, shown only here. */
function withSecret(user: UserState, c: ServiceSpecificCredentialState, secret: string) {
  const apiKey = c.serviceCredentialAlias !== undefined;
  return {
    ...metadata(user, c),
    ServicePassword: apiKey ? undefined : secret,
    ServiceCredentialSecret: apiKey ? `${c.serviceCredentialAlias}:${secret}` : undefined,
  };
}

function requireCredential(
  subject: Subject,
  id: string,
): { user: UserState; credential: ServiceSpecificCredentialState } {
  const user = subject.root ? undefined : subject.user;
  const credential = user
    ? serviceCredentialsOf(user).find((c) => c.serviceSpecificCredentialId === id)
    : undefined;
  if (!user || !credential) throw noSuchEntity(`No such credential ${id} exists for user ${subject.label}.`);
  return { user, credential };
}

const createServiceSpecificCredential: Handler = (ctx, input) => {
  reqName(input, 'UserName', userNameRules);
  const subject = subjectOf(ctx, input);
  const service = serviceName(input, true);
  const ageDays = optInt(input, 'CredentialAgeDays', { min: 1, max: 36600 });
  const user = subject.root ? undefined : subject.user;
  if (!user) throw noSuchEntity(`The user with name ${subject.label} cannot be found.`);
  const existing = serviceCredentialsOf(user).filter((c) => c.serviceName === service).length;
  if (existing >= SERVICE_CREDENTIALS_PER_SERVICE)
    throw limitExceeded(
      `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${SERVICE_CREDENTIALS_PER_SERVICE}`,
    );
  const { credential, secret } = addServiceSpecificCredential(ctx.world, subject.account, user, {
    serviceName: service,
    createDate: ctx.now.toISOString(),
    ...(ageDays !== undefined ? { ageDays } : {}),
  });
  return { ServiceSpecificCredential: withSecret(user, credential, secret) };
};

function listed(ctx: CallContext, input: Input): { users: UserState[]; scope: string } {
  if (optBool(input, 'AllUsers') === true) {
    if (input.UserName !== undefined)
      throw validationError('AllUsers cannot be specified together with UserName.');
    return { users: Object.values(iamOf(iamAccount(ctx)).users), scope: '*' };
  }
  const subject = subjectOf(ctx, input);
  return { users: subject.root ? [] : [subject.user], scope: subject.arn };
}

const listServiceSpecificCredentials: Handler = (ctx, input) => {
  const { users, scope } = listed(ctx, input);
  const service = serviceName(input, false);
  const rows = users.flatMap((user) =>
    serviceCredentialsOf(user)
      .filter((c) => service === undefined || c.serviceName === service)
      .map((c) => ({ user, c })),
  );
  const page = iamPage(ctx, input, rows, `ListServiceSpecificCredentials:${scope}:${service ?? ''}`);
  return {
    ServiceSpecificCredentials: page.items.map(({ user, c }) => metadata(user, c)),
    ...page.meta,
  };
};

const updateServiceSpecificCredential: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const id = reqString(input, 'ServiceSpecificCredentialId', ID_RULES);
  const status = reqString(input, 'Status', { oneOf: ['Active', 'Inactive', 'Expired'] as const });
  const { credential } = requireCredential(subject, id);
  if (status === 'Expired') throw invalidInput('Status Expired cannot be set.');
  credential.status = status;
  return {};
};

const resetServiceSpecificCredential: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const id = reqString(input, 'ServiceSpecificCredentialId', ID_RULES);
  const { user, credential } = requireCredential(subject, id);
  return { ServiceSpecificCredential: withSecret(user, credential, newServiceSecret(ctx.world)) };
};

const deleteServiceSpecificCredential: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const id = reqString(input, 'ServiceSpecificCredentialId', ID_RULES);
  const { user, credential } = requireCredential(subject, id);
  user.serviceSpecificCredentials = serviceCredentialsOf(user).filter((c) => c !== credential);
  return {};
};

export const serviceCredentialOperations: Record<string, Handler> = {
  CreateServiceSpecificCredential: createServiceSpecificCredential,
  ListServiceSpecificCredentials: listServiceSpecificCredentials,
  UpdateServiceSpecificCredential: updateServiceSpecificCredential,
  ResetServiceSpecificCredential: resetServiceSpecificCredential,
  DeleteServiceSpecificCredential: deleteServiceSpecificCredential,
};
