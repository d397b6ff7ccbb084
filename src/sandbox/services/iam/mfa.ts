/**
 * MFA devices: virtual devices exist in the account from CreateVirtualMFADevice until deleted and are
 * assigned by EnableMFADevice; hardware devices (serials without an ARN) exist while enabled.
 * Authentication codes are checked for form only (two six-digit codes).
 */
import { optString, reqString } from '../../input.js';
import { BASE64ISH, randomString } from '../../rng.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import {
  date,
  deleteConflict,
  entityAlreadyExists,
  iamAccount,
  iamPage,
  inputTags,
  limitExceeded,
  noSuchEntity,
  optDate,
  optPath,
  reqName,
  requireUser,
  tagsOrUndefined,
} from './common.js';
import { ROOT_USER_LABEL, rootSubject, subjectOf } from './root-session.js';
import { iamOf, type MfaDeviceState } from './state.js';
import { userOutput } from './users.js';

const SERIAL_RULES = { min: 9, max: 256, pattern: /^[\w+=/:,.@-]+$/ };
const CODE_RULES = { min: 6, max: 6, pattern: /^\d+$/ };
const MFA_DEVICES_PER_USER = 8;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The eight-byte PNG signature and an IHDR chunk header: enough for a client to see a PNG. */
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function isVirtualSerial(serial: string): boolean {
  return serial.startsWith('arn:');
}

/** The owner of an assigned device, as the `User` shape. */
function deviceUser(account: AccountRecord, device: MfaDeviceState) {
  if (device.user === undefined) return undefined;
  if (device.user === 'root') {
    return {
      Path: '/',
      UserName: ROOT_USER_LABEL,
      UserId: account.id,
      Arn: rootSubject(account).arn,
      CreateDate: date(account.createdAt),
    };
  }
  const user = iamOf(account).users[device.user];
  return user ? userOutput(account, user) : undefined;
}

const createVirtualMFADevice: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const name = reqString(input, 'VirtualMFADeviceName', { min: 1, max: 226, pattern: /^[\w+=,.@-]+$/ });
  const path = optPath(input) ?? '/';
  const tags = inputTags(input);
  const serialNumber = `arn:aws:iam::${account.id}:mfa${path}${name}`;
  if (iamOf(account).mfaDevices[serialNumber])
    throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
  iamOf(account).mfaDevices[serialNumber] = { serialNumber, kind: 'virtual', tags };
  const seed = randomString(ctx.world, BASE32, 64);
  const png = Buffer.concat([PNG_HEADER, Buffer.from(randomString(ctx.world, BASE64ISH, 48))]);
  return {
    VirtualMFADevice: {
      SerialNumber: serialNumber,
      Base32StringSeed: Buffer.from(seed).toString('base64'),
      QRCodePNG: png.toString('base64'),
      Tags: tagsOrUndefined(tags),
    },
  };
};

const enableMFADevice: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const user = requireUser(account, reqName(input, 'UserName'));
  const serial = reqString(input, 'SerialNumber', SERIAL_RULES);
  reqString(input, 'AuthenticationCode1', CODE_RULES);
  reqString(input, 'AuthenticationCode2', CODE_RULES);
  let device = iamOf(account).mfaDevices[serial];
  if (!device) {
    if (isVirtualSerial(serial))
      throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
    device = { serialNumber: serial, kind: 'hardware', tags: [] };
  }
  if (device.user !== undefined) throw entityAlreadyExists('MFA Device is already in use.');
  if (user.mfaSerials.length >= MFA_DEVICES_PER_USER)
    throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
  device.user = user.userName;
  device.enableDate = ctx.now.toISOString();
  iamOf(account).mfaDevices[serial] = device;
  user.mfaSerials.push(serial);
  return {};
};

const deactivateMFADevice: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const serial = reqString(input, 'SerialNumber', SERIAL_RULES);
  if (!subject.state.mfaSerials.includes(serial))
    throw noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
  subject.state.mfaSerials = subject.state.mfaSerials.filter((s) => s !== serial);
  const device = iamOf(subject.account).mfaDevices[serial];
  if (device?.kind === 'virtual') {
    delete device.user;
    delete device.enableDate;
  } else {
    delete iamOf(subject.account).mfaDevices[serial];
  }
  return {};
};

const deleteVirtualMFADevice: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const serial = reqString(input, 'SerialNumber', SERIAL_RULES);
  const device = iamOf(account).mfaDevices[serial];
  if (!device || device.kind !== 'virtual')
    throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  if (device.user !== undefined) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
  delete iamOf(account).mfaDevices[serial];
  return {};
};

const listMFADevices: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const devices = subject.state.mfaSerials
    .map((serial) => iamOf(subject.account).mfaDevices[serial])
    .filter((d): d is MfaDeviceState => d !== undefined);
  const page = iamPage(ctx, input, devices, `ListMFADevices:${subject.arn}`);
  return {
    MFADevices: page.items.map((d) => ({
      UserName: subject.label,
      SerialNumber: d.serialNumber,
      EnableDate: date(d.enableDate ?? ctx.now.toISOString()),
    })),
    ...page.meta,
  };
};

const listVirtualMFADevices: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const status = optString(input, 'AssignmentStatus', { oneOf: ['Assigned', 'Unassigned', 'Any'] }) ?? 'Any';
  const devices = Object.values(iamOf(account).mfaDevices).filter(
    (d) => d.kind === 'virtual' && (status === 'Any' || (status === 'Assigned') === (d.user !== undefined)),
  );
  const page = iamPage(ctx, input, devices, `ListVirtualMFADevices:${status}`);
  return {
    VirtualMFADevices: page.items.map((d) => ({
      SerialNumber: d.serialNumber,
      User: deviceUser(account, d),
      EnableDate: optDate(d.enableDate),
      Tags: tagsOrUndefined(d.tags),
    })),
    ...page.meta,
  };
};

export const mfaOperations: Record<string, Handler> = {
  CreateVirtualMFADevice: createVirtualMFADevice,
  EnableMFADevice: enableMFADevice,
  DeactivateMFADevice: deactivateMFADevice,
  DeleteVirtualMFADevice: deleteVirtualMFADevice,
  ListMFADevices: listMFADevices,
  ListVirtualMFADevices: listVirtualMFADevices,
};
