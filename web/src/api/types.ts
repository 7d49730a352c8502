// Shapes of the zhdj HTTP API v1, as written in docs/api.md (the contract is authoritative).

export type NextStep = 'ok' | 'totp' | 'totp_enroll' | 'change_password'

export interface Account {
  id: number
  login: string
  name: string
}

export interface LoginAnswer {
  account: Account
  csrf_token: string
  next: NextStep
}

export interface NextAnswer {
  next: NextStep
}

export interface SessionGrant {
  role: string
  /** In docs/api.md; the server may leave it out (the UI then names the role itself). */
  role_name?: string
  org_id: number
  org_name: string
  org_path: string
}

export interface Session {
  account: Account
  csrf_token: string
  next: NextStep
  grants: SessionGrant[]
  capabilities: string[]
  admin_level: 0 | 1 | 2 | 3 | null
}

export interface TotpEnrollment {
  secret: string
  otpauth_uri: string
  qr_svg: string
}

export type OrgKind =
  | 'university_committee'
  | 'college_committee'
  | 'general_branch'
  | 'branch'
  | 'party_group'

export interface Org {
  id: number
  parent_id: number | null
  kind: OrgKind
  name: string
  path: string
  depth: number
  member_count: number
  full_member_count: number
}

export type WarningSeverity = 'warning' | 'overdue'

export interface OrgWarning {
  org_id: number
  org_name: string
  code: string
  severity: WarningSeverity
  message: string
  due_on: string | null
}

export type CommitteePost =
  | 'secretary'
  | 'deputy_secretary'
  | 'organization'
  | 'propaganda'
  | 'discipline'
  | 'member'

export interface CommitteePostHolder {
  post: CommitteePost
  member_id: number
  member_name: string
}

export interface Committee {
  id: number
  term_start: string
  term_end: string
  status: string
  posts: CommitteePostHolder[]
}

export interface OrgDetail extends Org {
  children: Org[]
  committee: Committee | null
  warnings: OrgWarning[]
  /** Not in docs/api.md yet: whether the caller may manage this org / its committee. */
  can_manage?: boolean
  can_manage_committee?: boolean
}

export interface OrgMember {
  id: number
  name: string
  category: string
  account_login: string | null
}

export interface Role {
  code: string
  name: string
  admin_level: number | null
  capabilities: string[]
}

export interface Grant {
  id: number
  account: Account
  role: string
  role_name: string
  org_id: number
  org_name: string
  granted_at: string
  granted_by: string | Account | null
}

export interface AccountHit {
  id: number
  login: string
  name: string
  org_name: string | null
}

/** docs/api.md leaves the actor's shape open; the server sends {login, name}. */
export type AuditActor = string | { login: string; name: string } | null

export interface AuditEntry {
  seq: number
  at: string
  actor: AuditActor
  real_actor: AuditActor
  ip: string | null
  action: string
  object_type: string
  object_id: string | number | null
  org_id?: number | null
  org_path?: string
  changes: unknown
}

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  link: string | null
  created_at: string
  read: boolean
}

export interface Items<T> {
  items: T[]
}

export interface Page<T> extends Items<T> {
  next_cursor: string | null
}

export interface NotificationPage extends Page<Notification> {
  unread: number
}
