/**
 * Auto-enable of organization accounts, shared by GuardDuty and Security Hub. `ALL` covers every ACTIVE
 * account; `NEW` only accounts that joined the organization (Organizations' `JoinedTimestamp`) after the
 * setting was made. A pass runs when the setting changes (`force`) and otherwise only when the
 * organization's size changed since the last pass, so reads stay cheap in a steady organization.
 */
import type { OrganizationState } from '../services/organizations/state.js';
import { activeMemberIds } from './org-access.js';

export interface AutoEnableSetting {
  mode: 'ALL' | 'NEW' | 'NONE';
  /** ISO time the mode was set. */
  setAt: string;
  /** Organization size at the last pass. */
  seenMembers: number;
}

/** The accounts to enrol now (not the administrator, not already members); updates `seenMembers`. */
export function accountsToEnrol(
  org: OrganizationState,
  setting: AutoEnableSetting,
  adminId: string,
  isMember: (accountId: string) => boolean,
  force = false,
): string[] {
  if (setting.mode === 'NONE') return [];
  const size = Object.keys(org.members).length;
  if (!force && size === setting.seenMembers) return [];
  setting.seenMembers = size;
  return activeMemberIds(org).filter((id) => {
    if (id === adminId || isMember(id)) return false;
    return setting.mode === 'ALL' || (org.members[id]?.joinedTimestamp ?? '') > setting.setAt;
  });
}
