import { describe, expect, it } from 'vitest'
import type { FieldSpec, MemberRecord } from '../src/api/types'
import {
  activeFilterCount,
  changedValues,
  displayValue,
  emptyFilter,
  eventExtras,
  filterFromQuery,
  filterQuery,
  formValues,
  groupFields,
  possibleEvents,
  rowsWithAction,
  waitsOn,
} from '../src/domain/registry'

const f = (key: string, type: FieldSpec['type'] = 'text', extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label: key,
  type,
  editable: true,
  sensitive: type === 'id_number' || type === 'phone' || type === 'address',
  ...extra,
})

function record(over: Partial<MemberRecord> = {}): MemberRecord {
  return {
    id: 1,
    org_id: 2,
    org_name: '本科生第一党支部',
    org_path: '/1/2/',
    version: 3,
    has_account: true,
    watch_until: null,
    status_since: null,
    party_status: '正常',
    age: 20,
    party_age: null,
    under_watch: false,
    can_vote: true,
    name: '张三',
    category: 'full',
    status: 'active',
    lost_contact: false,
    mobile: false,
    ...over,
  }
}

describe('list filters', () => {
  it('send only the conditions that are set, categories joined by commas', () => {
    const filter = { ...emptyFilter(), org_id: 7, categories: ['full', 'probationary'], gender: 'female', q: '  zs ' }
    expect(filterQuery(filter)).toEqual({ org_id: 7, category: 'full,probationary', gender: 'female', q: 'zs' })
  })

  it('leave the default status out and send the others, ages and the joined range', () => {
    const filter = { ...emptyFilter(), status: 'all', age_min: 18, age_max: 0, joined: ['2020-01-01', '2020-12-31'] as [string, string], mobile: '0' as const }
    expect(filterQuery(filter)).toEqual({ status: 'all', age_min: 18, age_max: 0, joined_from: '2020-01-01', joined_to: '2020-12-31', mobile: '0' })
    expect(filterQuery(emptyFilter())).toEqual({})
  })

  it('survive a round trip through the URL', () => {
    const filter = { ...emptyFilter(), org_id: 12, categories: ['activist'], status: 'suspended', ethnicity: '回族', age_min: 30, joined: ['2001-07-01', '2011-07-01'] as [string, string], lost_contact: '1' as const }
    const query = Object.fromEntries(Object.entries(filterQuery(filter)).map(([k, v]) => [k, String(v)]))
    expect(filterFromQuery(query)).toEqual(filter)
  })

  it('ignore junk in the URL', () => {
    expect(filterFromQuery({ org_id: 'x', lost_contact: 'maybe', category: '' })).toEqual(emptyFilter())
  })

  it('count the conditions besides the quick search, a date range once', () => {
    expect(activeFilterCount({ ...emptyFilter(), q: 'zs' })).toBe(0)
    expect(activeFilterCount({ ...emptyFilter(), gender: 'male', joined: ['2020-01-01', '2021-01-01'] })).toBe(2)
  })
})

describe('record fields', () => {
  it('are grouped like the paper form, unknown fields at the end', () => {
    const groups = groupFields([f('phone', 'phone'), f('name'), f('category', 'code'), f('student_no'), f('new_field')])
    expect(groups.map((g) => [g.key, g.fields.map((x) => x.key)])).toEqual([
      ['basic', ['name']],
      ['party', ['category']],
      ['school', ['student_no']],
      ['contact', ['phone', 'new_field']],
    ])
  })

  it('show code names, 是/否 for flags and the org by name', () => {
    const rec = record({ gender: 'female', gender_name: '女', mobile: true })
    expect(displayValue(rec, f('gender', 'code'), 'Y', 'N')).toBe('女')
    expect(displayValue(rec, f('mobile', 'flag'), 'Y', 'N')).toBe('Y')
    expect(displayValue(rec, f('org', 'org'), 'Y', 'N')).toBe('本科生第一党支部')
    expect(displayValue(rec, f('job'), 'Y', 'N')).toBe('')
  })

  it('become form values for the editable fields only', () => {
    const rec = record({ job: '学生', lost_contact: true })
    const fields = [f('name'), f('job'), f('mobile', 'flag'), f('status', 'code', { editable: false }), f('org', 'org', { editable: false })]
    expect(formValues(rec, fields)).toEqual({ name: '张三', job: '学生', mobile: '0' })
  })

  it('send only what changed, trimmed', () => {
    expect(changedValues({ name: '张三', job: '学生' }, { name: ' 张三 ', job: '教师 ' })).toEqual({ job: '教师' })
    expect(changedValues({ job: '学生' }, { job: '' })).toEqual({ job: '' })
  })
})

describe('status events', () => {
  it('ask for the lost-contact reason, the probation term or the destination only where needed', () => {
    expect(eventExtras('lost_contact')).toEqual(['reason'])
    expect(eventExtras('probation_watch')).toEqual(['term_months'])
    expect(eventExtras('mobile_out')).toEqual(['destination'])
    expect(eventExtras('warning')).toEqual([])
  })

  it('fit the record: contact can be restored only when lost, suspension only after', () => {
    const active = possibleEvents(record())
    expect(active).toContain('lost_contact')
    expect(active).not.toContain('contact_restored')
    expect(active).not.toContain('suspension')
    expect(active).not.toContain('restoration')
    const lost = possibleEvents(record({ lost_contact: true }))
    expect(lost).toEqual(expect.arrayContaining(['contact_restored', 'suspension']))
    expect(lost).not.toContain('lost_contact')
  })

  it('keep party discipline for party members and cancellation for probationary ones', () => {
    const activist = possibleEvents(record({ category: 'activist' }))
    expect(activist).not.toContain('warning')
    expect(activist).not.toContain('expulsion')
    expect(activist).not.toContain('cancel_probation')
    expect(possibleEvents(record({ category: 'probationary' }))).toContain('cancel_probation')
    expect(possibleEvents(record({ status: 'suspended' }))).toEqual(['restoration', 'withdrawal', 'removal', 'death', 'expulsion'])
    expect(possibleEvents(record({ status: 'deceased' }))).toEqual([])
  })

  it('never offer transfers, which have their own flow', () => {
    expect(possibleEvents(record())).not.toContain('transfer_out')
  })
})

describe('transfers waiting on me', () => {
  const mine = new Set([10, 11])
  it('are approvals for the sender and confirmations for the receiver', () => {
    expect(waitsOn({ direction: 'internal', status: 'requested', from_org_id: 10, to_org_id: 99 }, mine)).toBe(true)
    expect(waitsOn({ direction: 'internal', status: 'requested', from_org_id: 99, to_org_id: 10 }, mine)).toBe(false)
    expect(waitsOn({ direction: 'internal', status: 'approved', from_org_id: 99, to_org_id: 11 }, mine)).toBe(true)
    expect(waitsOn({ direction: 'internal', status: 'approved', from_org_id: 10, to_org_id: 99 }, mine)).toBe(false)
  })
  it('include incoming requests and letter receipts, and nothing closed', () => {
    expect(waitsOn({ direction: 'incoming', status: 'requested', from_org_id: null, to_org_id: 10 }, mine)).toBe(true)
    expect(waitsOn({ direction: 'outgoing', status: 'approved', from_org_id: 10, to_org_id: null }, mine)).toBe(true)
    expect(waitsOn({ direction: 'internal', status: 'completed', from_org_id: 10, to_org_id: 11 }, mine)).toBe(false)
  })
})

describe('import preview', () => {
  it('filters rows by what will happen to them', () => {
    const rows = [
      { row: 4, action: 'new' as const, name: 'a', member_id: null, changes: [], errors: [] },
      { row: 5, action: 'error' as const, name: 'b', member_id: null, changes: [], errors: [{ column: '公民身份号码', field: 'id_number', message: 'x' }] },
    ]
    expect(rowsWithAction(rows, '').length).toBe(2)
    expect(rowsWithAction(rows, 'error').map((r) => r.row)).toEqual([5])
  })
})

describe('forms', () => {
  it('ask for 外出流向 only from a mobile member', async () => {
    const { shownInForm } = await import('../src/domain/registry')
    expect(shownInForm('mobile_destination', { mobile: '0' })).toBe(false)
    expect(shownInForm('mobile_destination', { mobile: '1' })).toBe(true)
    expect(shownInForm('mobile_destination', { mobile: '0', mobile_destination: '深圳' })).toBe(true)
    expect(shownInForm('name', {})).toBe(true)
  })
})
