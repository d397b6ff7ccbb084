/** GuardDuty answers every client fault as BadRequestException (400), with `Type` set as AWS sets it. */
import { AwsError } from '../../errors.js';

export const badRequest = (message: string) =>
  new AwsError('BadRequestException', message, { extras: { __type: 'InvalidInputException' } });

export const noDetector = (id: string) =>
  badRequest(
    `The request is rejected because the input detectorId ${id} is not owned by the current account.`,
  );

export const notManagement = () =>
  badRequest(
    'The request is rejected because the current account is not the organization management account.',
  );

export const notAdmin = () =>
  badRequest(
    'The request is rejected because the current account is not the GuardDuty delegated administrator.',
  );
