// The one HTTP client of the SPA: JSON in and out, the CSRF header on unsafe methods, and every
// failure turned into an ApiError carrying the server's {"error":{code,message,field}}.

export const API_BASE = '/api/v1'

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class ApiError extends Error {
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number
  /** The contract's error code (`validation`, `forbidden`, …) or `network` / `http_<status>`. */
  readonly code: string
  /** The input field the error is about, when the server names one. */
  readonly field: string | null

  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

/** Reads an error body; anything that is not the contract's shape becomes `http_<status>`. */
export function parseError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error
    if (e && typeof e === 'object') {
      const { code, message, field } = e as Record<string, unknown>
      return new ApiError(
        status,
        typeof code === 'string' && code ? code : `http_${status}`,
        typeof message === 'string' ? message : '',
        typeof field === 'string' && field ? field : null,
      )
    }
  }
  return new ApiError(status, `http_${status}`, '')
}

export type Query = Record<string, string | number | null | undefined>

export interface RawBody {
  data: Blob | ArrayBuffer
  contentType: string
  /** Extra request headers (e.g. X-File-Name for POST /files). */
  headers?: Record<string, string>
}

export interface Download {
  blob: Blob
  /** From Content-Disposition; empty when the server names none. */
  filename: string
}

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The file name of a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function filenameOf(header: string | null): string {
  if (!header) return ''
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall back to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header)
  return plain ? plain[1].trim() : ''
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not call onUnauthenticated for a 401 (used to probe whether a session exists). */
  quiet401?: boolean
}

export interface ClientHooks {
  /** Called on any 401 unless the request asked to stay quiet. */
  onUnauthenticated?: (err: ApiError) => void
  /** Called on 403 mfa_required / password_change_required: the login flow is not finished. */
  onStepRequired?: (err: ApiError) => void
}

export function buildUrl(base: string, path: string, query?: Query): string {
  let url = base + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
    }
    const qs = params.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

export class ApiClient {
  private csrfToken = ''
  hooks: ClientHooks = {}

  constructor(
    private readonly base: string = API_BASE,
    private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
  ) {}

  setCsrfToken(token: string | null | undefined): void {
    this.csrfToken = token ?? ''
  }

  get csrf(): string {
    return this.csrfToken
  }

  /**
   * Sends one request and answers the Response when it is a success; any failure becomes an
   * ApiError (and the 401 / step hooks run). `raw` sends bytes as they are (file uploads).
   */
  private async send(method: string, path: string, opts: RequestOptions, accept: string, raw?: RawBody): Promise<Response> {
    const upper = method.toUpperCase()
    const headers: Record<string, string> = { Accept: accept }
    let body: BodyInit | undefined
    if (raw) {
      Object.assign(headers, raw.headers ?? {})
      headers['Content-Type'] = raw.contentType
      body = raw.data
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(opts.body)
    }
    if (UNSAFE_METHODS.has(upper) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken

    let res: Response
    try {
      res = await this.fetchImpl(buildUrl(this.base, path, opts.query), {
        method: upper,
        headers,
        body,
        credentials: 'same-origin',
      })
    } catch {
      // No server message to show: the UI says "cannot reach the server" in its own words.
      throw new ApiError(0, 'network', '')
    }
    if (!res.ok) {
      const err = parseError(res.status, parseJson(await res.text()))
      if (res.status === 401 && !opts.quiet401) this.hooks.onUnauthenticated?.(err)
      if (res.status === 403 && (err.code === 'mfa_required' || err.code === 'password_change_required'))
        this.hooks.onStepRequired?.(err)
      throw err
    }
    return res
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}, raw?: RawBody): Promise<T> {
    const res = await this.send(method, path, opts, 'application/json', raw)
    const data = parseJson(await res.text())
    // Any answer carrying a fresh token (login, session) replaces the one we hold.
    if (data && typeof data === 'object' && typeof (data as { csrf_token?: unknown }).csrf_token === 'string')
      this.csrfToken = (data as { csrf_token: string }).csrf_token
    return data as T
  }

  /** A file from the server (Excel, PDF): the bytes and the name the server suggests. */
  async download(method: string, path: string, opts: RequestOptions = {}): Promise<Download> {
    const res = await this.send(method, path, opts, '*/*')
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition')) }
  }

  /** POSTs a file's bytes as the request body (not multipart) and reads a JSON answer. */
  upload<T>(path: string, data: Blob | ArrayBuffer, contentType: string, query?: Query, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { query }, { data, contentType, headers })
  }

  get<T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, { ...opts, query })
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} })
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body })
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body })
  }
  del<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }
}

/** The application's client; tests build their own with a fake fetch. */
export const api = new ApiClient()
