// Which roles the grant form offers (pure; the server decides on every grant).
import type { OrgKind, Role } from '../api/types'
import { roleAllowedAt } from './org'

export interface GranterView {
  /** The granter's capabilities (GET /auth/session). */
  capabilities: readonly string[]
  /** The kind of the org the role is to be granted at, when chosen. */
  orgKind?: OrgKind
}

/**
 * Roles worth offering: admin roles only to holders of roles.grant_admin and only at an org of
 * the matching level; and no role carrying a capability the granter lacks (the server refuses
 * those with 不能授予超出自己权限的角色).
 */
export function grantableRoles(roles: readonly Role[], granter: GranterView): Role[] {
  const own = new Set(granter.capabilities)
  return roles.filter(
    (r) =>
      (r.admin_level == null || own.has('roles.grant_admin')) &&
      (!granter.orgKind || roleAllowedAt(r.code, granter.orgKind)) &&
      r.capabilities.every((c) => own.has(c)),
  )
}
