/** Config's errors, as its awsJson1_1 model names them. */
import { AwsError } from '../../errors.js';

export const configError = (code: string, message: string) => new AwsError(code, message);

export const noRecorder = (name: string) =>
  configError(
    'NoSuchConfigurationRecorderException',
    `Cannot find configuration recorder with the specified name '${name}'.`,
  );

export const orgAccessDenied = () =>
  configError(
    'OrganizationAccessDeniedException',
    'This action can only be performed if you are a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API.',
  );
