// Shapes of the zhdj HTTP API v1, as written in docs/api.md (the contract is authoritative).
import type { DuesKind } from '../domain/dues'

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
  /** 0 system … 3 branch for administrator roles; null (or absent) for member and auditor grants. */
  admin_level?: number | null
}

export interface Session {
  account: Account
  csrf_token: string
  next: NextStep
  grants: SessionGrant[]
  capabilities: string[]
  admin_level: 0 | 1 | 2 | 3 | null
  /** The caller's own registry record, when the account belongs to a person in the registry. */
  member_id?: number | null
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
  // A college committee allowed to approve admissions and conversions itself.
  approval_delegated?: boolean
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

// ---- Member registry (src/members/*.cpp) ----

export interface Code {
  code: string
  name: string
}

export type FieldType = 'text' | 'code' | 'date' | 'flag' | 'id_number' | 'phone' | 'address' | 'org'

export interface FieldSpec {
  key: string
  label: string
  type: FieldType
  editable: boolean
  sensitive: boolean
  choices?: Code[]
}

export interface CodeTables {
  fields: FieldSpec[]
  category: Code[]
  status: Code[]
  gender: Code[]
  identity: Code[]
  education: Code[]
  ethnicity: Code[]
  lost_reason: Code[]
  event_kind: Code[]
  transfer_status: Code[]
}

/** A row of GET /members: sensitive values come masked. */
export interface MemberRow {
  id: number
  name: string
  gender: string | null
  gender_name: string | null
  category: string
  category_name: string
  status: string
  status_name: string
  identity: string | null
  identity_name: string | null
  ethnicity: string | null
  education: string | null
  education_name: string | null
  birth_date: string | null
  age: number | null
  joined_on: string | null
  full_on: string | null
  student_no: string | null
  department: string | null
  class_name: string | null
  id_number: string | null
  phone: string | null
  lost_contact: boolean
  mobile: boolean
  org_id: number
  org_name: string
}

export interface MemberPage {
  items: MemberRow[]
  total: number | null  // first page only
  next_cursor: string | null
}

/** GET /members/{id}: every field by key (codes also as `<key>_name`), masked where sensitive. */
export interface MemberRecord {
  id: number
  org_id: number
  org_name: string
  org_path: string
  version: number
  has_account: boolean
  watch_until: string | null
  status_since: string | null
  party_status: string
  age: number | null
  party_age: number | null
  under_watch: boolean
  can_vote: boolean
  can_manage?: boolean
  can_reveal?: boolean
  name: string
  category: string
  status: string
  lost_contact: boolean
  mobile: boolean
  [field: string]: unknown
}

export interface Credential {
  login: string
  initial_password: string
}

export interface MemberCreated extends MemberRecord {
  credential?: Credential
}

export interface Revealed {
  id_number: string | null
  phone: string | null
  address: string | null
}

export interface HistoryEntry {
  id: number
  field: string
  field_label: string
  old_value: string | null
  new_value: string | null
  source: string
  changed_at: string
  changed_by: string
}

export interface AccessEntry {
  id: number
  purpose: string
  purpose_name: string
  fields: string
  at: string
  accessor: string
  accessor_login: string
}

export interface MemberEvent {
  id?: number
  kind: string
  kind_name: string
  occurred_on: string
  decided_by: string
  document_no: string | null
  reason?: string | null
  reason_name?: string | null
  term_months?: number | null
  ends_on?: string | null
  note?: string | null
  status_before?: string
  status_after?: string
  recorded_by?: string
  recorded_at?: string
}

export interface EventInput {
  kind: string
  occurred_on: string
  decided_by: string
  document_no?: string
  reason?: string
  term_months?: number
  destination?: string
  note?: string
}

export interface MyRecord extends MemberRecord {
  access_log: AccessEntry[]
  events: MemberEvent[]
}

export interface CorrectionChange {
  label: string
  before: string
  after: string
}

export interface Correction {
  id: number
  member_id: number
  member_name: string
  org_name: string
  changes: Record<string, CorrectionChange>
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  decision_reason: string | null
  created_at: string
  decided_at: string | null
}

export interface Alert {
  code: string
  severity: 'overdue' | 'warning' | 'info'
  member_id: number
  member_name: string
  org_id: number
  org_name: string
  message: string
  due_on: string
}

export interface Count {
  code?: string
  name: string
  count: number
}

export interface MemberStats {
  category: Count[]
  gender: Count[]
  ethnicity: Count[]
  education: Count[]
  identity: Count[]
  age: Count[]
  party_age: Count[]
  total: number
  full_members: number
  as_of: string
}

export type TransferDirection = 'internal' | 'outgoing' | 'incoming'

export interface Transfer {
  id: number
  direction: TransferDirection
  direction_name: string
  status: string
  status_name: string
  member_id: number | null
  member_name: string
  from_org_id: number | null
  from_org_name: string | null
  to_org_id: number | null
  to_org_name: string | null
  outside_unit: string | null
  reason: string
  requested_by_name: string
  requested_at: string
  approved_at: string | null
  closed_at: string | null
  reject_reason: string | null
  letter_serial: string | null
  letter_issued_on: string | null
  letter_valid_until: string | null
  letter_expired: boolean
  receipt_on: string | null
  incoming_letter_no: string | null
  can_approve?: boolean
  can_confirm?: boolean
  can_reject?: boolean
  can_cancel?: boolean
  can_receipt?: boolean
  credential?: Credential
}

export interface TransferTarget {
  id: number
  name: string
  parent_name: string
}

export type TransferRequest =
  | { direction: 'internal'; member_id: number; to_org_id: number; reason: string }
  | { direction: 'outgoing'; member_id: number; outside_unit: string; reason: string }
  | {
      direction: 'incoming'
      to_org_id: number
      outside_unit: string
      incoming_letter_no: string
      reason: string
      person: Record<string, string>
    }

export type ImportAction = 'new' | 'update' | 'unchanged' | 'error'

export interface ImportRowError {
  /** "D（公民身份号码）", or empty when the problem is about the row as a whole. */
  column: string
  field: string | null
  message: string
}

export interface ImportRow {
  /** The row number in Excel (1-based, as the user sees it). */
  row: number
  action: ImportAction
  name: string
  /** The record an update or unchanged row matched. */
  member_id: number | null
  /** Labels of the fields an update changes. */
  changes: string[]
  errors: ImportRowError[]
}

export interface ImportPreview {
  batch: string
  sheet: string
  header_row: number
  /** Header cells that name no registry field (序号, 备注, …). */
  ignored_columns: string[]
  counts: Record<ImportAction, number>
  rows: ImportRow[]
}

export interface ImportResult {
  created: number
  updated: number
  credentials: (Credential & { name: string })[]
}

// ---- Organizational life (组织生活; docs/api.md "Organizational life") ----

export type MeetingType =
  | 'general_assembly'
  | 'committee'
  | 'group'
  | 'lecture'
  | 'theme_day'
  | 'life_meeting'
  | 'appraisal'
  | 'talk'
  | 'activity'

export type Frequency = 'none' | 'month' | 'quarter' | 'year'

export interface MeetingTypeInfo {
  code: MeetingType
  name: string
  /** The frequency in force. */
  frequency: Frequency
  frequency_name: string
  default_frequency: Frequency
  attendees: 'branch_members' | 'committee' | 'group_members' | 'pair'
  on_party_group: boolean
}

export interface MeetingPerson {
  member_id: number
  name: string
}

export interface MeetingCandidate {
  member_id: number
  name: string
  category: string
  category_name: string
  org_name: string
  post: string | null
}

export interface MeetingCandidates {
  default: number[]
  people: MeetingCandidate[]
}

export type MeetingStatus = 'draft' | 'published' | 'cancelled'
export type LeaveState = 'none' | 'requested' | 'approved' | 'rejected'
export type AttendanceState = 'present' | 'leave' | 'absent' | 'pending'
export type CheckinMethod = 'qr' | 'code' | 'manual' | 'online'

export interface Meeting {
  id: number
  org_id: number
  org_name: string
  type: MeetingType
  type_name: string
  title: string
  status: MeetingStatus
  status_name: string
  starts_at: string
  ends_at: string
  place: string | null
  online_url: string | null
  mode: 'offline' | 'online' | 'hybrid'
  host: MeetingPerson | null
  recorder: MeetingPerson | null
  minutes_status: 'none' | 'draft' | 'approved'
  held: boolean
  expected: number
  present: number
  leave: number
  my: { attendee: boolean; present: boolean; leave: LeaveState }
}

export interface CheckinWindowInfo {
  opens: string
  closes: string
  open: boolean
}

export interface Attendee {
  member_id: number
  name: string
  org_name: string
  category: string
  category_name: string
  present: boolean
  method: CheckinMethod | null
  checked_in_at: string | null
  online_minutes: number
  leave: LeaveState
  /** Only for the host, the recorder and managers. */
  leave_reason?: string | null
  attendance: AttendanceState
}

export interface Criticism {
  member_id: number
  name?: string
  self_criticism: string
  criticism: string
  rectification: string
}

export interface StoredFile {
  id: number
  name: string
  size: number
  mime: string
  sha256: string
}

export type AmendableField = 'content' | 'decisions' | 'criticisms' | 'attachment_ids'

export interface Amendment {
  field: AmendableField
  field_name: string
  before: unknown
  after: unknown
  reason: string
  by_name: string
  at: string
}

export interface Minutes {
  status: 'draft' | 'approved'
  content: string
  decisions: string[]
  criticisms: Criticism[]
  attachments: StoredFile[]
  recorded_by_name: string | null
  updated_at: string | null
  approved_by_name: string | null
  approved_at: string | null
  amendments: Amendment[]
}

export interface MinutesInput {
  content: string
  decisions: string[]
  criticisms: Criticism[]
  attachment_ids: number[]
}

export type VoteKind = 'general' | 'admission' | 'conversion'

export interface VoteCount {
  code: string
  label: string
  count: number
}

export interface GeneralVoteResult {
  counts: VoteCount[]
  voted: number
  eligible: number
}

export interface AssemblyVoteResult {
  counts: VoteCount[]
  eligible: number
  present: number
  quorum_needed: number
  pass_needed: number
  yes: number
  no: number
  abstain: number
  written: number
  not_voted: number
  quorum_met: boolean
  passed: boolean
  rule_version: string
  summary: string
}

export interface Vote {
  id: number
  meeting_id: number
  kind: VoteKind
  kind_name: string
  title: string
  secret: boolean
  options: { code: string; label: string }[]
  candidate: MeetingPerson | null
  status: 'draft' | 'open' | 'closed'
  status_name: string
  eligible: number
  present: number
  voted: number
  written: number
  my: { may_vote: boolean; voted: boolean }
  /** Null until the vote closes. */
  result: GeneralVoteResult | AssemblyVoteResult | null
}

export interface VoteInput {
  kind: VoteKind
  title?: string
  secret?: boolean
  options?: string[]
  candidate_member_ids?: number[]
}

export interface MeetingDetail extends Meeting {
  agenda: string
  checkin_before_min: number
  checkin_after_min: number
  checkin_window: CheckinWindowInfo
  version: number
  cancel_reason: string | null
  can: { manage: boolean; record: boolean; host: boolean; display: boolean }
  attendees: Attendee[]
  minutes: Minutes | null
  /** In docs/api.md; the first server build leaves it out, so the votes panel reads GET …/votes itself. */
  votes?: Vote[]
  appraisal: boolean
}

export interface MeetingInput {
  org_id: number
  type: MeetingType
  title: string
  starts_at: string
  ends_at: string
  place: string
  online_url: string
  agenda: string
  host_member_id: number | null
  recorder_member_id: number | null
  attendee_ids?: number[]
  checkin_before_min?: number
  checkin_after_min?: number
  publish?: boolean
}

export interface MeetingFilter {
  from: string
  to: string
  org_id?: number | null
  type?: string | null
  status?: string | null
  mine?: 1 | null
}

export interface CheckinDisplay {
  url: string
  token: string
  code: string
  qr_svg: string
  seconds_left: number
  step_seconds: number
  window: CheckinWindowInfo
  present: number
  expected: number
}

export interface CheckinAnswer {
  present: boolean
  method: CheckinMethod
  checked_in_at: string
  already: boolean
}

export type Grade = 'excellent' | 'qualified' | 'basically_qualified' | 'unqualified'

export interface AppraisalSubject {
  member_id: number
  name: string
  self_assessment: string | null
  self_submitted: boolean
  peer: Record<Grade, number> | null
  grade: Grade | null
  grade_name: string | null
}

export interface Appraisal {
  meeting_id: number
  status: 'open' | 'grading' | 'closed'
  status_name: string
  excellent_cap: number
  raters_total: number
  raters_done: number
  subjects: AppraisalSubject[]
  my: { subject: boolean; self_submitted: boolean; rater: boolean; peer_done: boolean }
}

export type PeriodKind = 'month' | 'quarter' | 'year'
export type ObligationStatus = 'met' | 'missed' | 'open'

export interface ComplianceCounts {
  orgs: number
  obligations: number
  met: number
  missed: number
  open: number
  /** A fraction 0–1, or null when nobody was expected. */
  attendance_rate: number | null
}

export interface Compliance {
  org: { id: number; name: string; kind: OrgKind }
  period: { key: string; name: string; kind: PeriodKind; first_day: string; last_day: string }
  today: string
  summary: ComplianceCounts & { meetings_held: number; expected: number; present: number; leave: number }
  by_type: {
    type: MeetingType
    type_name: string
    frequency: Frequency
    frequency_name: string
    orgs_required: number
    orgs_met: number
    orgs_missed: number
    orgs_open: number
  }[]
  children: (ComplianceCounts & { id: number; name: string; kind: OrgKind })[]
  missed: { org_id: number; org_name: string; type: MeetingType; type_name: string; period_key: string; period_name: string }[]
  missed_total: number
  own: {
    obligations: {
      type: MeetingType
      type_name: string
      frequency: Frequency
      frequency_name: string
      period_key: string
      period_name: string
      held: number
      required: number
      status: ObligationStatus
    }[]
  } | null
}

// Party dues (党费)
export type { DuesKind }

/** POST /dues/quote: the official monthly amount (DOMAIN.md §6). */
export interface DuesQuote {
  kind: DuesKind
  /** Chinese, e.g. 在职党员. */
  kind_name: string
  /** null for the fixed kinds. */
  monthly_base_fen: number | null
  amount_fen: number
  /** "48.00" */
  amount_yuan: string
  /** "1.5%", or a Chinese text for a fixed amount. */
  rate: string
  fixed: boolean
  /** The version of the rule the quote cites, e.g. "2008". */
  policy: string
}

// ---- Party dues: bases, bills, reliefs, payments, imports, arrears, reports (docs/api.md) ----

export type DuesStatus = 'pending' | 'approved' | 'rejected'

/** A re-assessed bill (重新核定): its amount before and after. */
export interface DuesChange {
  month: string
  before_fen: number
  after_fen: number
  before_yuan: string
  after_yuan: string
}

/** A monthly base declaration (党费基数申报). */
export interface DuesBase {
  id: number
  member_id: number
  member_name: string
  kind: DuesKind
  kind_name: string
  monthly_base_fen: number
  monthly_base_yuan: string
  effective_month: string
  status: DuesStatus
  status_name: string
  note: string
  declared_by_name: string
  declared_at: string
  decided_by_name: string | null
  decided_at: string | null
  reject_reason: string | null
  amount_fen: number
  amount_yuan: string
  rate: string
  reassessed?: DuesChange[]
}

export interface DuesBaseInput {
  member_id?: number
  kind: DuesKind
  monthly_base_fen: number
  effective_month: string
  note?: string
}

export interface DuesBases {
  member_id: number
  member_name: string
  month: string
  current: DuesBase | null
  items: DuesBase[]
}

export type BillStatus = 'paid' | 'partial' | 'unpaid' | 'exempt'

export interface DuesBill {
  month: string
  kind: DuesKind
  kind_name: string
  monthly_base_fen: number
  rate: string
  standard_fen: number
  amount_fen: number
  amount_yuan: string
  paid_fen: number
  paid_yuan: string
  outstanding_fen: number
  outstanding_yuan: string
  status: BillStatus
  status_name: string
  ended: boolean
  relief_id: number | null
  policy: string
  reassessed_at: string | null
}

export interface DuesBills {
  member_id: number
  member_name: string
  items: DuesBill[]
}

/** One bill of an org's month (GET /dues/bills?org_id&month). */
export type OrgBill = Pick<
  DuesBill,
  'month' | 'kind' | 'kind_name' | 'amount_fen' | 'amount_yuan' | 'paid_fen' | 'paid_yuan' | 'outstanding_fen' | 'outstanding_yuan' | 'status' | 'status_name' | 'ended' | 'relief_id'
> & { member_id: number; member_name: string; org_id: number; org_name: string }

export interface OrgBills {
  org_id: number
  month: string
  items: OrgBill[]
  truncated: boolean
}

export interface BillsGenerated {
  month: string
  created: number
  existing: number
  amount_fen: number
  amount_yuan: string
  missing_base: { member_id: number; name: string; org_name: string }[]
  missing_total: number
}

export type ReliefKind = 'reduction' | 'exemption'
export type ReliefStatus = 'branch_review' | 'approval_review' | 'approved' | 'rejected'

/** A hardship reduction or exemption (困难党员减免). */
export interface DuesRelief {
  id: number
  member_id: number
  member_name: string
  org_name: string
  kind: ReliefKind
  kind_name: string
  monthly_fen: number | null
  monthly_yuan: string | null
  from_month: string
  to_month: string
  reason: string
  status: ReliefStatus
  status_name: string
  requested_by_name: string
  requested_at: string
  branch_decided_by_name: string | null
  branch_decided_at: string | null
  branch_note: string | null
  approved_by_name: string | null
  approved_at: string | null
  approval_note: string | null
  rejected_by_name: string | null
  rejected_at: string | null
  reject_reason: string | null
  rejected_step: 'branch' | 'approval' | null
  can_decide: boolean
  reassessed?: DuesChange[]
}

export interface DuesReliefInput {
  member_id?: number
  kind: ReliefKind
  monthly_fen?: number
  from_month: string
  to_month: string
  reason: string
}

export interface DuesReliefs {
  member_id: number
  member_name: string
  items: DuesRelief[]
}

export type PaymentKind = 'dues' | 'extra'
export type PaymentMethod = 'cash' | 'transfer' | 'import'

export interface DuesAllocation {
  month: string
  amount_fen: number
  amount_yuan: string
}

export interface DuesPayment {
  id: number
  member_id: number
  member_name: string
  org_name: string
  kind: PaymentKind
  kind_name: string
  method: PaymentMethod
  method_name: string
  amount_fen: number
  amount_yuan: string
  paid_on: string
  special: boolean
  advance: boolean
  override_reason: string | null
  note: string | null
  import_id: number | null
  recorded_by_name: string
  recorded_at: string
  allocations: DuesAllocation[]
}

export interface DuesPaymentInput {
  member_id: number
  kind: PaymentKind
  method: 'cash' | 'transfer'
  amount_fen: number
  paid_on?: string
  months?: string[]
  advance?: boolean
  override_reason?: string
  note?: string
}

export interface DuesPayments {
  items: DuesPayment[]
  truncated: boolean
}

export type UnmatchedReason = 'no_member' | 'ambiguous_name' | 'name_mismatch' | 'amount_mismatch' | 'nothing_due' | 'back_payment'
export type UnmatchedStatus = 'open' | 'assigned' | 'dismissed'

/** A statement row no payer was found for (待处理的对账记录). */
export interface UnmatchedRow {
  id: number
  import_id: number
  file_name: string
  row: number
  name: string | null
  number: string | null
  amount_fen: number
  amount_yuan: string
  paid_on: string
  memo: string | null
  reason_code: UnmatchedReason
  reason: string
  status: UnmatchedStatus
  status_name: string
  payment_id: number | null
  member_id: number | null
  member_name: string | null
  dismiss_reason: string | null
  resolved_by_name: string | null
  resolved_at: string | null
}

/** A finance-office statement imported (财务对账单). */
export interface DuesImport {
  id: number
  file_name: string
  format: 'xlsx' | 'csv'
  sha256: string
  org_id: number
  org_name: string
  rows: number
  matched: number
  unmatched: number
  amount_fen: number
  amount_yuan: string
  matched_fen: number
  matched_yuan: string
  imported_by_name: string
  imported_at: string
  payments?: { row: number; payment_id: number; member_id: number; member_name: string; amount_fen: number; months: string[] }[]
  unmatched_rows?: UnmatchedRow[]
}

export interface AssignInput {
  member_id: number
  kind?: PaymentKind
  months?: string[]
  advance?: boolean
  override_reason?: string
}

export interface ArrearsItem {
  member_id: number
  name: string
  org_id: number
  org_name: string
  outstanding_fen: number
  outstanding_yuan: string
  unpaid_months: string[]
  unpaid_count: number
  run_months: number
  run_start: string | null
  lapse_case: boolean
  flagged_at: string | null
}

export interface DuesArrears {
  org: { id: number; name: string; kind: OrgKind }
  month: string
  items: ArrearsItem[]
  total: number
  lapse_cases: number
}

export type StatementMonthStatus = BillStatus | 'not_billed'

/** GET /dues/mine: the member's own yearly statement. */
export interface MyDues {
  member_id: number
  member_name: string
  year: number
  months: {
    month: string
    due_fen: number
    due_yuan: string
    paid_fen: number
    paid_yuan: string
    outstanding_fen: number
    outstanding_yuan: string
    status: StatementMonthStatus
    ended: boolean
    relief_id: number | null
  }[]
  payments: DuesPayment[]
  totals: {
    due_fen: number
    paid_fen: number
    outstanding_fen: number
    extra_fen: number
    special_fen: number
    due_yuan: string
    paid_yuan: string
    outstanding_yuan: string
    extra_yuan: string
    special_yuan: string
  }
  arrears: { outstanding_fen: number; outstanding_yuan: string; unpaid_months: string[]; run_months: number; lapse_case: boolean }
}

export interface DuesTotals {
  members_billed: number
  due_fen: number
  due_yuan: string
  paid_fen: number
  paid_yuan: string
  outstanding_fen: number
  outstanding_yuan: string
  /** "93.5%", null when nothing is due. */
  collection_rate: string | null
  members_in_arrears: number
  special_count: number
  special_fen: number
  special_yuan: string
  extra_count: number
  extra_fen: number
  extra_yuan: string
}

export interface DuesReport {
  org: { id: number; name: string; kind: OrgKind }
  period: { key: string; name: string; kind: PeriodKind; first_month: string; last_month: string }
  month: string
  summary: DuesTotals
  children: (DuesTotals & { id: number; name: string; kind: OrgKind })[]
}
// ---- Member development (发展党员) -------------------------------------------------------------

export type DevStage = 'applicant' | 'activist' | 'target' | 'admission' | 'probation'
export type DevActor = 'branch' | 'higher' | 'approver' | 'org_department'
export type DevCaseStatus = 'active' | 'completed' | 'cancelled'

/** Today's answer of the rules for one step: may it be recorded, and from / until when. */
export interface DevVerdict {
  kind: 'allowed' | 'late' | 'refused'
  /** Chinese, cites the rule and the earliest / latest allowed date. */
  message: string
  field: string
  earliest: string | null
  latest: string | null
}

/** An open item of a case's to-do list. */
export interface DevDue {
  kind: string
  step: string
  number: number
  title: string
  from: string | null
  due_on: string | null
  overdue: boolean
  hard: boolean
}

export interface DevStepRecord {
  id: number
  step: string
  number: number
  name?: string
  stage?: DevStage
  done_on: string
  org_id: number
  org_name: string
  rule_version: string
  recorded_at: string
  superseded: boolean
  // The branch's working notes: left out of the person's own view of their case.
  comments?: string
  late_reason?: string | null
  data?: Record<string, unknown>
  recorded_by_name?: string
  files?: StoredFile[]
}

export interface DevPublicity {
  id: number
  step: string
  starts_on: string
  working_days: number
  ends_on: string
  serial: string
  content: string
}

/** What may be recorded next, with today's verdict. */
export interface DevNext {
  step: string
  number: number
  name: string
  verdict: DevVerdict
  publicity_working_days: number
}

export interface DevCase {
  id: number
  member_id: number
  name: string
  category: string
  category_name: string
  org_id: number
  org_name: string
  status: DevCaseStatus
  status_name: string
  stage: DevStage
  stage_name: string
  rule_version: string
  rule_title: string
  leaves_on: string | null
  birth_date: string | null
  extension_months: number
  conversion_outcome: string
  probation_end: string | null
  cancel_reason: string | null
  cancelled_on: string | null
  version: number
  steps: DevStepRecord[]
  people: { role: string; member_id: number; name: string }[]
  publicities: DevPublicity[]
  dues: DevDue[]
  next: DevNext[]
  /** The server's date (the university's time zone). */
  today: string
  can_manage?: boolean
}

/** A case on the board. */
export interface DevCaseItem {
  id: number
  member_id: number
  name: string
  category: string
  category_name: string
  org_id: number
  org_name: string
  status: DevCaseStatus
  status_name: string
  stage: DevStage
  stage_name: string
  last_number: number
  last_step_name: string
  next: DevDue | null
  overdue: number
  rule_version: string
}

export interface DevCaseList {
  items: DevCaseItem[]
  today: string
}

export interface DevStepInfo {
  step: string
  number: number
  name: string
  stage: DevStage
  stage_name: string
  repeatable: boolean
  actor: DevActor
}

export interface DevRuleSet {
  version: string
  title: string
  target_publicity_working_days: number
  secret_admission_vote: boolean
}

export interface DevExtraStep {
  /** Its row (DELETE /development/settings/extra-steps/{id}). */
  id?: number
  /** 'x' + its id */
  step: string
  name: string
  after: number
  publicity_working_days: number
}

export interface DevCatalogue {
  steps: DevStepInfo[]
  stages: { stage: DevStage; name: string }[]
  rule_sets: DevRuleSet[]
  rule_version: string
  extra_steps: DevExtraStep[]
  archive_items: { code: string; name: string }[]
}

export interface DevTodoItem extends DevDue {
  case_id: number
  member_id: number
  name: string
  org_id: number
  org_name: string
}

export interface DevTodo {
  items: DevTodoItem[]
  total: number
  overdue: number
  cases: number
  by_org: { org_id: number; org_name: string; kind: OrgKind; items: number; overdue: number }[]
  today: string
}

export interface DevCalendarDay {
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

export interface DevCalendar {
  year: number
  days: DevCalendarDay[]
  can_edit: boolean
}

export type DevFunnelKey = 'applicants' | 'activists' | 'targets' | 'probationary' | 'full'
export type DevFunnelCounts = Record<DevFunnelKey | 'late' | 'overdue', number>

export interface DevFunnel {
  year: number
  org_id: number
  org_name: string
  stages: { key: DevFunnelKey; name: string }[]
  counts: DevFunnelCounts
  durations: { key: string; name: string; count: number; median_days: number | null }[]
  children: { org_id: number; org_name: string; kind: OrgKind; counts: DevFunnelCounts }[]
}

/** POST /development/cases/{id}/steps: the step, its date and the step's own fields. */
export interface DevStepInput {
  step: string
  done_on?: string
  comments?: string
  late_reason?: string
  files?: number[]
  version?: number
  [field: string]: unknown
}
