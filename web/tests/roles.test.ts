import { describe, expect, it } from 'vitest'
import type { Role } from '../src/api/types'
import { grantableRoles } from '../src/domain/roles'

const role = (code: string, admin_level: number | null, capabilities: string[]): Role => ({
  code,
  name: code,
  admin_level,
  capabilities,
})

const ROLES = [
  role('university_admin', 1, ['org.read', 'org.manage', 'roles.grant', 'roles.grant_admin', 'audit.read']),
  role('college_admin', 2, ['org.read', 'org.manage', 'roles.grant', 'roles.grant_admin']),
  role('branch_admin', 3, ['org.read', 'org.manage', 'roles.grant']),
  role('member', null, ['self']),
  role('auditor', null, ['org.read', 'audit.read']),
]
const codes = (rs: Role[]) => rs.map((r) => r.code)

const SCHOOL = ['org.read', 'org.manage', 'roles.grant', 'roles.grant_admin', 'audit.read', 'self']
const BRANCH = ['org.read', 'org.manage', 'roles.grant', 'self']

describe('grantableRoles', () => {
  it('offers a branch admin no admin roles and nothing beyond its own capabilities', () => {
    expect(codes(grantableRoles(ROLES, { capabilities: BRANCH, orgKind: 'branch' }))).toEqual(['member'])
  })

  it('offers admin roles only at an org of the matching level', () => {
    expect(codes(grantableRoles(ROLES, { capabilities: SCHOOL, orgKind: 'branch' }))).toEqual([
      'branch_admin',
      'member',
      'auditor',
    ])
    expect(codes(grantableRoles(ROLES, { capabilities: SCHOOL, orgKind: 'general_branch' }))).toEqual([
      'college_admin',
      'member',
      'auditor',
    ])
  })

  it('lists everything within reach while no org is chosen', () => {
    expect(codes(grantableRoles(ROLES, { capabilities: SCHOOL }))).toEqual(codes(ROLES))
  })
})
