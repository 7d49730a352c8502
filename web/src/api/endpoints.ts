// One function per endpoint of docs/api.md, so views never spell URLs.
import { api, API_BASE, type ApiClient } from './client'
import type {
  AccountHit,
  AuditEntry,
  Committee,
  CommitteePost,
  Grant,
  Items,
  LoginAnswer,
  NextAnswer,
  Notification,
  NotificationPage,
  Org,
  OrgDetail,
  OrgKind,
  OrgMember,
  OrgWarning,
  Page,
  Role,
  Session,
  TotpEnrollment,
} from './types'

export function endpoints(c: ApiClient) {
  return {
    auth: {
      login: (login: string, password: string) => c.post<LoginAnswer>('/auth/login', { login, password }),
      totp: (code: string) => c.post<NextAnswer>('/auth/totp', { code }),
      enrollment: () => c.get<TotpEnrollment>('/auth/totp/enroll'),
      confirmEnrollment: (code: string) => c.post<NextAnswer>('/auth/totp/enroll', { code }),
      changePassword: (old_password: string, new_password: string) =>
        c.post<NextAnswer>('/auth/password', { old_password, new_password }),
      logout: () => c.post<{ ok: boolean }>('/auth/logout'),
      session: (quiet401 = false) => c.get<Session>('/auth/session', undefined, { quiet401 }),
    },
    orgs: {
      list: () => c.get<Items<Org>>('/orgs'),
      get: (id: number) => c.get<OrgDetail>(`/orgs/${id}`),
      create: (parent_id: number, kind: OrgKind, name: string) => c.post<Org>('/orgs', { parent_id, kind, name }),
      rename: (id: number, name: string) => c.patch<Org>(`/orgs/${id}`, { name }),
      move: (id: number, parent_id: number) => c.post<Org>(`/orgs/${id}/move`, { parent_id }),
      dissolve: (id: number) => c.del<{ ok: boolean }>(`/orgs/${id}`),
      warnings: (id: number) => c.get<Items<OrgWarning>>(`/orgs/${id}/warnings`),
      members: (id: number, cursor?: string | null) =>
        c.get<Page<OrgMember>>(`/orgs/${id}/members`, { cursor, limit: 200 }),
      committees: (id: number) => c.get<Items<Committee>>(`/orgs/${id}/committees`),
      createCommittee: (
        id: number,
        term: { term_start: string; term_end?: string; posts: { post: CommitteePost; member_id: number }[] },
      ) => c.post<Committee>(`/orgs/${id}/committees`, term),
    },
    roles: {
      list: () => c.get<Items<Role>>('/roles'),
    },
    grants: {
      list: (org_id: number) => c.get<Items<Grant>>('/grants', { org_id }),
      create: (login: string, role: string, org_id: number) => c.post<Grant>('/grants', { login, role, org_id }),
      revoke: (id: number) => c.del<{ ok: boolean }>(`/grants/${id}`),
    },
    accounts: {
      search: (q: string) => c.get<Items<AccountHit>>('/accounts', { q }),
    },
    audit: {
      list: (filter: {
        action?: string
        actor?: string
        object_type?: string
        from?: string
        to?: string
        cursor?: string | null
        limit?: number
      }) => c.get<Page<AuditEntry>>('/audit', filter),
    },
    notifications: {
      list: (cursor?: string | null) => c.get<NotificationPage>('/notifications', { cursor }),
      unreadCount: () => c.get<{ unread: number }>('/notifications/unread-count'),
      markRead: (id: number) => c.post<{ ok: boolean }>(`/notifications/${id}/read`),
      readAll: () => c.post<{ ok: boolean }>('/notifications/read-all'),
      streamUrl: API_BASE + '/notifications/stream',
    },
  }
}

export const Api = endpoints(api)
export type { Notification }
