// One function per endpoint of docs/api.md, so views never spell URLs.
import { api, API_BASE, type ApiClient } from './client'
import type {
  AmendableField,
  Appraisal,
  CheckinAnswer,
  CheckinDisplay,
  Compliance,
  Grade,
  Meeting,
  MeetingCandidates,
  MeetingDetail,
  MeetingFilter,
  MeetingInput,
  MeetingTypeInfo,
  Minutes,
  MinutesInput,
  StoredFile,
  Vote,
  VoteInput,
  AccessEntry,
  AccountHit,
  Alert,
  CodeTables,
  Correction,
  EventInput,
  HistoryEntry,
  ImportPreview,
  ImportResult,
  MemberCreated,
  MemberEvent,
  MemberPage,
  MemberRecord,
  MemberStats,
  MyRecord,
  Revealed,
  Transfer,
  TransferRequest,
  TransferTarget,
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
  DuesKind,
  DuesQuote,
  DevCalendar,
  DevCalendarDay,
  DevCase,
  DevCaseList,
  DevCatalogue,
  DevFunnel,
  DevStepInput,
  DevTodo,
  AssignInput,
  BillsGenerated,
  DuesArrears,
  DuesBase,
  DuesBaseInput,
  DuesBases,
  DuesBills,
  DuesImport,
  DuesPayment,
  DuesPaymentInput,
  DuesPayments,
  DuesRelief,
  DuesReliefInput,
  DuesReliefs,
  DuesReport,
  MyDues,
  UnmatchedRow,
  UnmatchedStatus,
  OrgBills,
} from './types'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

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
      setApprovalDelegated: (id: number, approval_delegated: boolean) =>
        c.put<Org>(`/orgs/${id}/approval-delegation`, { approval_delegated }),
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
    members: {
      codes: () => c.get<CodeTables>('/members/codes'),
      list: (filter: Record<string, string | number>, sort: { sort: string; order: string }, cursor?: string | null, limit = 50) =>
        c.get<MemberPage>('/members', { ...filter, ...sort, cursor, limit }),
      get: (id: number) => c.get<MemberRecord>(`/members/${id}`),
      create: (org_id: number, fields: Record<string, string>, create_account: boolean) =>
        c.post<MemberCreated>('/members', { ...fields, org_id, create_account }),
      update: (id: number, version: number, changes: Record<string, string>) =>
        c.patch<MemberRecord>(`/members/${id}`, { ...changes, version }),
      history: (id: number) => c.get<Items<HistoryEntry>>(`/members/${id}/history`),
      reveal: (id: number) => c.post<Revealed>(`/members/${id}/reveal`),
      accessLog: (id: number) => c.get<Items<AccessEntry>>(`/members/${id}/access-log`),
      events: (id: number) => c.get<Items<MemberEvent>>(`/members/${id}/events`),
      recordEvent: (id: number, e: EventInput) => c.post<MemberEvent>(`/members/${id}/events`, e),
      alerts: (org_id?: number | null) => c.get<Items<Alert>>('/members/alerts', { org_id }),
      stats: (org_id?: number | null) => c.get<MemberStats>('/members/stats', { org_id }),
      statsExport: (org_id?: number | null) => c.download('GET', '/members/stats/export', { query: { org_id } }),
      corrections: (status: string) => c.get<Items<Correction>>('/members/corrections', { status }),
      approveCorrection: (id: number, reason: string) =>
        c.post<Correction>(`/members/corrections/${id}/approve`, reason ? { reason } : {}),
      rejectCorrection: (id: number, reason: string) => c.post<Correction>(`/members/corrections/${id}/reject`, { reason }),
      importTemplate: () => c.download('GET', '/members/import/template'),
      importPreview: (org_id: number, file: Blob | ArrayBuffer) =>
        c.upload<ImportPreview>('/members/import', file, XLSX_TYPE, { org_id }),
      importConfirm: (batch: string) => c.post<ImportResult>(`/members/import/${encodeURIComponent(batch)}/confirm`),
      export: (filters: Record<string, string | number>, columns: string[]) =>
        c.download('POST', '/members/export', { body: { filters, columns } }),
    },
    me: {
      record: () => c.get<MyRecord>('/me/record'),
      corrections: () => c.get<Items<Correction>>('/me/corrections'),
      requestCorrection: (changes: Record<string, string>, reason: string) =>
        c.post<Correction>('/me/corrections', { changes, reason }),
    },
    transfers: {
      list: (box: string, status?: string) => c.get<Items<Transfer>>('/transfers', { box, status }),
      targets: (q: string) => c.get<Items<TransferTarget>>('/transfers/targets', { q }),
      create: (req: TransferRequest) => c.post<Transfer>('/transfers', req),
      get: (id: number) => c.get<Transfer>(`/transfers/${id}`),
      approve: (id: number) => c.post<Transfer>(`/transfers/${id}/approve`),
      confirm: (id: number) => c.post<Transfer>(`/transfers/${id}/confirm`),
      reject: (id: number, reason: string) => c.post<Transfer>(`/transfers/${id}/reject`, { reason }),
      cancel: (id: number) => c.post<Transfer>(`/transfers/${id}/cancel`),
      receipt: (id: number, received_on: string) => c.post<Transfer>(`/transfers/${id}/receipt`, { received_on }),
      letterUrl: (id: number) => `${API_BASE}/transfers/${id}/letter`,
      letterPdfUrl: (id: number) => `${API_BASE}/transfers/${id}/letter.pdf`,
    },
    meetings: {
      types: () => c.get<Items<MeetingTypeInfo>>('/meetings/types'),
      setPolicy: (type: string, frequency: string) => c.put<MeetingTypeInfo>(`/meetings/policies/${type}`, { frequency }),
      candidates: (org_id: number, type: string) => c.get<MeetingCandidates>('/meetings/candidates', { org_id, type }),
      list: (f: MeetingFilter) => c.get<Items<Meeting>>('/meetings', { ...f }),
      get: (id: number) => c.get<MeetingDetail>(`/meetings/${id}`),
      create: (m: MeetingInput) => c.post<MeetingDetail>('/meetings', m),
      update: (id: number, version: number, changes: Partial<MeetingInput>) =>
        c.patch<MeetingDetail>(`/meetings/${id}`, { ...changes, version }),
      publish: (id: number) => c.post<MeetingDetail>(`/meetings/${id}/publish`),
      cancel: (id: number, reason: string) => c.post<MeetingDetail>(`/meetings/${id}/cancel`, { reason }),
      setAttendees: (id: number, member_ids: number[]) => c.put<MeetingDetail>(`/meetings/${id}/attendees`, { member_ids }),
      askLeave: (id: number, reason: string) => c.post<MeetingDetail>(`/meetings/${id}/leave`, { reason }),
      decideLeave: (id: number, member_id: number, approve: boolean, reason?: string) =>
        c.post<MeetingDetail>(`/meetings/${id}/leave/${member_id}`, reason ? { approve, reason } : { approve }),
      checkinDisplay: (id: number, origin: string) => c.get<CheckinDisplay>(`/meetings/${id}/checkin-display`, { origin }),
      checkin: (id: number, by: { token: string } | { code: string }) => c.post<CheckinAnswer>(`/meetings/${id}/checkin`, by),
      mark: (id: number, member_id: number, present: boolean) => c.post<unknown>(`/meetings/${id}/attendance/${member_id}`, { present }),
      presence: (id: number) => c.post<{ counted: boolean; online_minutes: number }>(`/meetings/${id}/presence`),
      saveMinutes: (id: number, m: MinutesInput) => c.put<Minutes>(`/meetings/${id}/minutes`, m),
      approveMinutes: (id: number) => c.post<Minutes>(`/meetings/${id}/minutes/approve`),
      amend: (id: number, field: AmendableField, value: unknown, reason: string) =>
        c.post<Minutes>(`/meetings/${id}/amendments`, { field, value, reason }),
      fileUrl: (id: number, file_id: number) => `${API_BASE}/meetings/${id}/files/${file_id}`,
      votes: (id: number) => c.get<Items<Vote>>(`/meetings/${id}/votes`),
      createVotes: (id: number, v: VoteInput) => c.post<Items<Vote>>(`/meetings/${id}/votes`, v),
      appraisal: (id: number) => c.get<Appraisal>(`/meetings/${id}/appraisal`),
      createAppraisal: (id: number) => c.post<Appraisal>(`/meetings/${id}/appraisal`),
      selfAssessment: (id: number, text: string) => c.put<Appraisal>(`/meetings/${id}/appraisal/self`, { text }),
      peerEvaluation: (id: number, grades: Record<string, Grade>) => c.post<Appraisal>(`/meetings/${id}/appraisal/peer`, { grades }),
      advanceAppraisal: (id: number) => c.post<Appraisal>(`/meetings/${id}/appraisal/advance`),
      setGrades: (id: number, grades: Record<string, Grade>) => c.put<Appraisal>(`/meetings/${id}/appraisal/grades`, { grades }),
      closeAppraisal: (id: number) => c.post<Appraisal>(`/meetings/${id}/appraisal/close`),
      compliance: (org_id: number | null | undefined, period: string) => c.get<Compliance>('/compliance', { org_id, period }),
    },
    votes: {
      get: (id: number) => c.get<Vote>(`/votes/${id}`),
      opinion: (id: number, member_id: number, choice: string) => c.post<Vote>(`/votes/${id}/opinions`, { member_id, choice }),
      open: (id: number) => c.post<Vote>(`/votes/${id}/open`),
      close: (id: number) => c.post<Vote>(`/votes/${id}/close`),
      ballot: (id: number, choice: string) => c.post<{ voted: boolean }>(`/votes/${id}/ballot`, { choice }),
    },
    files: {
      /** POST /files: the bytes as the body, the name percent-encoded in X-File-Name. */
      upload: (file: Blob, name: string, mime: string) =>
        c.upload<StoredFile>('/files', file, mime, undefined, { 'X-File-Name': encodeURIComponent(name) }),
    },
    dues: {
      /** Open to anyone; the base is left out for the fixed kinds. */
      quote: (kind: DuesKind, monthly_base_fen: number | null) =>
        c.post<DuesQuote>('/dues/quote', monthly_base_fen == null ? { kind } : { kind, monthly_base_fen }),
      declareBase: (b: DuesBaseInput) => c.post<DuesBase>('/dues/bases', b),
      bases: (member_id?: number | null) => c.get<DuesBases>('/dues/bases', { member_id }),
      pendingBases: (org_id?: number | null) => c.get<Items<DuesBase>>('/dues/bases/pending', { org_id }),
      decideBase: (id: number, approve: boolean, reason: string) =>
        c.post<DuesBase>(`/dues/bases/${id}/decide`, reason ? { approve, reason } : { approve }),
      generateBills: (org_id: number, month: string) => c.post<BillsGenerated>('/dues/bills/generate', { org_id, month }),
      bills: (member_id?: number | null) => c.get<DuesBills>('/dues/bills', { member_id }),
      orgBills: (org_id: number, month: string) => c.get<OrgBills>('/dues/bills', { org_id, month }),
      requestRelief: (r: DuesReliefInput) => c.post<DuesRelief>('/dues/reliefs', r),
      reliefs: (member_id?: number | null) => c.get<DuesReliefs>('/dues/reliefs', { member_id }),
      pendingReliefs: (org_id?: number | null) => c.get<Items<DuesRelief>>('/dues/reliefs/pending', { org_id }),
      decideRelief: (id: number, approve: boolean, reason: string) =>
        c.post<DuesRelief>(`/dues/reliefs/${id}/decide`, reason ? { approve, reason } : { approve }),
      pay: (p: DuesPaymentInput) => c.post<DuesPayment>('/dues/payments', p),
      payments: (q: { member_id?: number; org_id?: number; period?: string }) => c.get<DuesPayments>('/dues/payments', q),
      /** The statement's bytes as they are (.xlsx or .csv); the server tells them apart. */
      importStatement: (org_id: number | null, file: Blob | ArrayBuffer, file_name: string, format: 'xlsx' | 'csv') =>
        c.upload<DuesImport>('/dues/payments/import', file, format === 'xlsx' ? XLSX_TYPE : 'text/csv', { org_id, file_name }),
      imports: (org_id?: number | null) => c.get<Items<DuesImport>>('/dues/imports', { org_id }),
      unmatched: (status: UnmatchedStatus | 'all' = 'open', org_id?: number | null) =>
        c.get<Items<UnmatchedRow>>('/dues/unmatched', { org_id, status }),
      assign: (id: number, a: AssignInput) => c.post<{ row: UnmatchedRow; payment: DuesPayment }>(`/dues/unmatched/${id}/assign`, a),
      dismiss: (id: number, reason: string) => c.post<UnmatchedRow>(`/dues/unmatched/${id}/dismiss`, { reason }),
      arrears: (org_id?: number | null) => c.get<DuesArrears>('/dues/arrears', { org_id }),
      mine: (year?: number) => c.get<MyDues>('/dues/mine', { year }),
      report: (org_id: number | null | undefined, period: string) => c.get<DuesReport>('/dues/report', { org_id, period }),
      reportExport: (org_id: number | null | undefined, period: string) =>
        c.download('GET', '/dues/report/export', { query: { org_id, period } }),
    },
    development: {
      catalogue: () => c.get<DevCatalogue>('/development/catalogue'),
      /** The board: cases under an org (default: the caller's scope); status active (default) | completed | cancelled | all. */
      cases: (org_id?: number | null, status?: string) => c.get<DevCaseList>('/development/cases', { org_id, status }),
      start: (body: { member_id: number; applied_on: string; comments?: string; leaves_on?: string; files?: number[] }) =>
        c.post<DevCase>('/development/cases', body),
      get: (id: number) => c.get<DevCase>(`/development/cases/${id}`),
      setLeavesOn: (id: number, leaves_on: string | null) => c.patch<DevCase>(`/development/cases/${id}`, { leaves_on }),
      record: (id: number, body: DevStepInput) => c.post<DevCase>(`/development/cases/${id}/steps`, body),
      publicity: (id: number, body: { step?: string; starts_on: string; content?: string }) =>
        c.post<DevCase>(`/development/cases/${id}/publicity`, body),
      cancel: (id: number, reason: string, on?: string) => c.post<DevCase>(`/development/cases/${id}/cancel`, on ? { reason, on } : { reason }),
      /** The print view (HTML, opened in a new tab) and the PDF of a case's document. */
      documentUrl: (id: number, kind: string) => `${API_BASE}/development/cases/${id}/documents/${kind}`,
      documentPdfUrl: (id: number, kind: string) => `${API_BASE}/development/cases/${id}/documents/${kind}/pdf`,
      fileUrl: (id: number, file_id: number) => `${API_BASE}/development/cases/${id}/files/${file_id}`,
      todo: (org_id?: number | null) => c.get<DevTodo>('/development/todo', { org_id }),
      mine: () => c.get<{ cases: DevCase[] }>('/development/mine'),
      funnel: (org_id: number | null | undefined, year?: number | null) => c.get<DevFunnel>('/development/funnel', { org_id, year }),
      funnelXlsx: (org_id: number | null | undefined, year: number) =>
        c.download('GET', '/development/funnel.xlsx', { query: { org_id, year } }),
      setRuleVersion: (rule_version: string) => c.put<DevCatalogue>('/development/settings/rule-version', { rule_version }),
      addExtraStep: (x: { name: string; after: number; publicity_working_days: number }) =>
        c.post<DevCatalogue>('/development/settings/extra-steps', x),
      removeExtraStep: (id: number) => c.del<DevCatalogue>(`/development/settings/extra-steps/${id}`),
      calendar: (year: number) => c.get<DevCalendar>('/development/calendar', { year }),
      setCalendar: (year: number, days: DevCalendarDay[]) => c.put<DevCalendar>('/development/calendar', { year, days }),
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
