/** CloudTrail's errors, as its awsJson1_1 model names them (all HTTP 400). */
import { AwsError } from '../../errors.js';

export const trailError = (code: string, message: string) => new AwsError(code, message);

export const trailNotFound = (name: string, accountId: string, region: string) =>
  trailError(
    'TrailNotFoundException',
    `Unknown trail: ${name} for the user: ${accountId} in region ${region}`,
  );

export const invalidHomeRegion = (arn: string) =>
  trailError(
    'InvalidHomeRegionException',
    `This operation must be called from the trail's home region. Trail: ${arn}`,
  );

export const notManagement = () =>
  trailError(
    'NotOrganizationMasterAccountException',
    'The request was rejected because the caller is not the management account or a delegated administrator of the organization.',
  );
