/** The few admin API calls the browser test makes directly, to seed data the page then shows. */
export async function adminToken(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) {
    throw new Error(`Signing in as ${email} failed with HTTP ${response.status}`)
  }
  return ((await response.json()) as { token: string }).token
}

export async function createCustomer(
  url: string,
  token: string,
  customer: { email: string; first_name: string; last_name: string; metadata?: Record<string, unknown> }
): Promise<{ id: string; email: string }> {
  const response = await fetch(`${url}/admin/customers`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(customer),
  })
  if (!response.ok) {
    throw new Error(`Creating a customer failed with HTTP ${response.status}: ${await response.text()}`)
  }
  return ((await response.json()) as { customer: { id: string; email: string } }).customer
}
