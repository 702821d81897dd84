/**
 * The admin API of the chaos store's server, signed in as its admin user (a bearer token from
 * POST /auth/user/emailpass, as the admin dashboard's SDK does).
 */
export async function signIn(baseUrl, { email, password }) {
  const response = await fetch(`${baseUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`signing in as the admin answered ${response.status}`)
  const { token } = await response.json()
  return adminClient(baseUrl, token)
}

export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} answered ${status}: ${String(body).slice(0, 300)}`)
    this.status = status
    this.body = body
  }
}

function adminClient(baseUrl, token) {
  async function request(method, path, body, { timeoutMs = 30_000 } = {}) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    if (!response.ok) throw new HttpError(method, path, response.status, text)
    return { status: response.status, ...(text ? JSON.parse(text) : {}) }
  }
  return {
    get: (path, options) => request("GET", path, undefined, options),
    post: (path, body = {}, options) => request("POST", path, body, options),
  }
}
