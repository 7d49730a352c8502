import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, buildUrl, filenameOf, parseError } from '../src/api/client'
import { endpoints } from '../src/api/endpoints'

interface Call {
  url: string
  init: RequestInit
}

function fakeFetch(status: number, body: unknown) {
  const calls: Call[] = []
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })
  })
  return { fn: fn as unknown as typeof fetch, calls }
}

function header(call: Call, name: string): string | undefined {
  return (call.init.headers as Record<string, string>)[name]
}

describe('ApiClient', () => {
  it('sends X-CSRF-Token on every unsafe method and never on GET', async () => {
    const { fn, calls } = fakeFetch(200, { ok: true })
    const c = new ApiClient('/api/v1', fn)
    c.setCsrfToken('tok-1')
    await c.get('/orgs')
    await c.post('/orgs', { name: 'x' })
    await c.patch('/orgs/1', { name: 'y' })
    await c.del('/grants/3')
    await c.request('PUT', '/thing', { body: {} })
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
    for (const call of calls.slice(1)) expect(header(call, 'X-CSRF-Token')).toBe('tok-1')
    expect(calls.map((x) => x.init.method)).toEqual(['GET', 'POST', 'PATCH', 'DELETE', 'PUT'])
  })

  it('takes the csrf_token from answers that carry one (login, session)', async () => {
    const { fn, calls } = fakeFetch(200, { account: { id: 1 }, csrf_token: 'fresh', next: 'ok' })
    const c = new ApiClient('/api/v1', fn)
    await c.post('/auth/login', { login: 'a', password: 'b' })
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
    expect(c.csrf).toBe('fresh')
    await c.post('/auth/logout')
    expect(header(calls[1], 'X-CSRF-Token')).toBe('fresh')
  })

  it('sends JSON bodies and same-origin credentials', async () => {
    const { fn, calls } = fakeFetch(201, { id: 9 })
    const c = new ApiClient('/api/v1', fn)
    const out = await c.post<{ id: number }>('/orgs', { parent_id: 1, kind: 'branch', name: '第一党支部' })
    expect(out.id).toBe(9)
    expect(calls[0].url).toBe('/api/v1/orgs')
    expect(header(calls[0], 'Content-Type')).toBe('application/json')
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ parent_id: 1, kind: 'branch', name: '第一党支部' })
    expect(calls[0].init.credentials).toBe('same-origin')
  })

  it('turns the error body into an ApiError with code, Chinese message and field', async () => {
    const { fn } = fakeFetch(400, { error: { code: 'validation', message: '名称不能为空', field: 'name' } })
    const c = new ApiClient('/api/v1', fn)
    const err = await c.post('/orgs', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'validation', message: '名称不能为空', field: 'name' })
  })

  it('calls onUnauthenticated on 401 unless the request is quiet', async () => {
    const { fn } = fakeFetch(401, { error: { code: 'unauthenticated', message: '请先登录', field: null } })
    const c = new ApiClient('/api/v1', fn)
    const onUnauthenticated = vi.fn()
    c.hooks.onUnauthenticated = onUnauthenticated
    await expect(c.get('/auth/session', undefined, { quiet401: true })).rejects.toMatchObject({ status: 401 })
    expect(onUnauthenticated).not.toHaveBeenCalled()
    await expect(c.get('/orgs')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('calls onStepRequired when the login flow is unfinished', async () => {
    const { fn } = fakeFetch(403, { error: { code: 'mfa_required', message: '请先完成两步验证', field: null } })
    const c = new ApiClient('/api/v1', fn)
    const onStepRequired = vi.fn()
    c.hooks.onStepRequired = onStepRequired
    await expect(c.get('/orgs')).rejects.toMatchObject({ status: 403 })
    expect(onStepRequired).toHaveBeenCalledTimes(1)
  })

  it('reports a network failure as status 0, code network', async () => {
    const c = new ApiClient('/api/v1', (async () => {
      throw new TypeError('Failed to fetch')
    }) as unknown as typeof fetch)
    await expect(c.get('/orgs')).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})

describe('parseError', () => {
  it('falls back to http_<status> for bodies outside the contract', () => {
    expect(parseError(502, null)).toMatchObject({ status: 502, code: 'http_502', message: '', field: null })
    expect(parseError(500, '<html>')).toMatchObject({ code: 'http_500' })
    expect(parseError(409, { error: { message: '已存在' } })).toMatchObject({ code: 'http_409', message: '已存在' })
  })
  it('treats an empty or null field as no field', () => {
    expect(parseError(400, { error: { code: 'validation', message: 'x', field: null } }).field).toBeNull()
    expect(parseError(400, { error: { code: 'validation', message: 'x', field: '' } }).field).toBeNull()
  })
})

describe('buildUrl', () => {
  it('drops empty query values and encodes the rest', () => {
    expect(buildUrl('/api/v1', '/audit', { action: 'org.create', actor: '', cursor: null, to: undefined })).toBe(
      '/api/v1/audit?action=org.create',
    )
    expect(buildUrl('/api/v1', '/accounts', { q: '张 三' })).toBe('/api/v1/accounts?q=%E5%BC%A0+%E4%B8%89')
    expect(buildUrl('/api/v1', '/orgs')).toBe('/api/v1/orgs')
  })
})

describe('files', () => {
  it('uploads raw bytes with their content type and the CSRF header', async () => {
    const { fn, calls } = fakeFetch(200, { batch: 'b1' })
    const c = new ApiClient('/api/v1', fn)
    c.setCsrfToken('tok')
    const bytes = new Uint8Array([80, 75, 3, 4]).buffer
    const ans = await c.upload<{ batch: string }>('/members/import', bytes, 'application/x-test', { org_id: 5 })
    expect(ans.batch).toBe('b1')
    expect(calls[0].url).toBe('/api/v1/members/import?org_id=5')
    expect(header(calls[0], 'Content-Type')).toBe('application/x-test')
    expect(header(calls[0], 'X-CSRF-Token')).toBe('tok')
    expect(calls[0].init.body).toBe(bytes)
  })

  it('sends a file to POST /files with its type and its name percent-encoded (endpoints.files.upload)', async () => {
    const { fn, calls } = fakeFetch(201, { id: 4, name: '会议记录.pdf', size: 3, mime: 'application/pdf', sha256: 'x' })
    const c = new ApiClient('/api/v1', fn)
    c.setCsrfToken('tok')
    const file = new Blob(['%PD'], { type: 'application/pdf' })
    const stored = await endpoints(c).files.upload(file, '会议记录 1.pdf', 'application/pdf')
    expect(stored.id).toBe(4)
    expect(calls[0].url).toBe('/api/v1/files')
    expect(calls[0].init.method).toBe('POST')
    expect(header(calls[0], 'Content-Type')).toBe('application/pdf')
    expect(header(calls[0], 'X-File-Name')).toBe('%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95%201.pdf')
    expect(header(calls[0], 'X-CSRF-Token')).toBe('tok')
    expect(calls[0].init.body).toBe(file)
  })

  it('speaks the meetings contract: PUT for minutes, PATCH with the version, query for the list', async () => {
    const { fn, calls } = fakeFetch(200, { items: [] })
    const c = new ApiClient('/api/v1', fn)
    const api = endpoints(c)
    await api.meetings.list({ from: '2026-10-26', to: '2026-12-06', org_id: null, type: null, mine: 1 })
    await api.meetings.update(7, 3, { place: '301' })
    await api.meetings.saveMinutes(7, { content: 'x', decisions: [], criticisms: [], attachment_ids: [2] })
    await api.meetings.checkinDisplay(7, 'https://dj.example.edu.cn')
    await api.meetings.compliance(null, '2026-Q4')
    expect(calls.map((x) => `${x.init.method} ${x.url}`)).toEqual([
      'GET /api/v1/meetings?from=2026-10-26&to=2026-12-06&mine=1',
      'PATCH /api/v1/meetings/7',
      'PUT /api/v1/meetings/7/minutes',
      'GET /api/v1/meetings/7/checkin-display?origin=https%3A%2F%2Fdj.example.edu.cn',
      'GET /api/v1/compliance?period=2026-Q4',
    ])
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ place: '301', version: 3 })
  })

  it('asks for a dues quote with the base in fen, and without a base for the fixed kinds', async () => {
    const { fn, calls } = fakeFetch(200, {})
    const api = endpoints(new ApiClient('/api/v1', fn))
    await api.dues.quote('in_service', 480_000)
    await api.dues.quote('student', null)
    expect(calls.map((x) => `${x.init.method} ${x.url}`)).toEqual(['POST /api/v1/dues/quote', 'POST /api/v1/dues/quote'])
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ kind: 'in_service', monthly_base_fen: 480_000 })
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ kind: 'student' })
  })

  it('downloads bytes with the server-suggested name, and turns a JSON error into an ApiError', async () => {
    const ok = vi.fn(async () => new Response('xlsx-bytes', { status: 200, headers: { 'Content-Disposition': "attachment; filename=\"a.xlsx\"; filename*=UTF-8''%E8%8A%B1%E5%90%8D%E5%86%8C.xlsx" } }))
    const d = await new ApiClient('/api/v1', ok as unknown as typeof fetch).download('POST', '/members/export', { body: { columns: ['name'] } })
    expect(d.filename).toBe('花名册.xlsx')
    expect(await d.blob.text()).toBe('xlsx-bytes')
    const { fn } = fakeFetch(403, { error: { code: 'forbidden', message: '您没有权限执行此操作', field: null } })
    await expect(new ApiClient('/api/v1', fn).download('GET', '/members/import/template')).rejects.toMatchObject({ status: 403, message: '您没有权限执行此操作' })
  })

  it('reads plain and RFC 6266 file names', () => {
    expect(filenameOf('attachment; filename="roster.xlsx"')).toBe('roster.xlsx')
    expect(filenameOf("attachment; filename*=UTF-8''%E7%BB%9F%E8%AE%A1.xlsx")).toBe('统计.xlsx')
    expect(filenameOf(null)).toBe('')
  })
})
