import {
  DEMO_APPROLE,
  DEMO_AWS_KEYS,
  DEMO_HCP_PRINCIPAL,
  DEMO_VAULT_TOKEN,
  type Sample,
} from '../src/demo-data.js'
import { type DemoServer, startDemoServer } from '../src/demo-server.js'

export interface Answer {
  status: number
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: test code reads the demo's JSON answers loosely
  json: any
}

/** The demo server in this process (mocked vaults, any free port) and a JSON client for its API. */
export class DemoHarness {
  private constructor(readonly demo: DemoServer) {}

  static async start(): Promise<DemoHarness> {
    return new DemoHarness(await startDemoServer({ port: 0 }))
  }

  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${this.demo.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, text, json }
  }

  /** Secret reads that reached the mocked vaults so far. */
  async vaultCalls(): Promise<number> {
    return (await this.call('GET', '/api/mock/calls')).json.total
  }

  /** The tag an Insert secret form makes for this sample. */
  async tag(sample: Sample, form: Record<string, string> = sample.form): Promise<string> {
    const answer = await this.call('POST', '/api/reference', { credential: sample.credential, ...form })
    if (answer.status !== 200) throw new Error(`reference: ${answer.text}`)
    return answer.json.tag
  }

  /** Back to the start: no credentials, a 30-minute cache, nothing cached. */
  async reset(): Promise<void> {
    for (const credential of (await this.call('GET', '/api/credentials')).json.credentials) {
      await this.call('DELETE', `/api/credentials/${credential.id}`)
    }
    await this.call('PUT', '/api/cache', { ttlMinutes: 30 })
    await this.call('POST', '/api/cache/reset', {})
  }

  /** Every credential secret in play, the GCP private key included: none may reach the browser. */
  credentialSentinels(): string[] {
    const gcpKey = JSON.parse(
      this.demo.mocks?.demoValues.gcp['service-account-key']?.values.serviceAccountKey ?? '{}',
    )
    const privateKeyBody = String(gcpKey.private_key).split('\n')[5] ?? ''
    return [
      DEMO_AWS_KEYS.secretAccessKey,
      DEMO_AWS_KEYS.sessionToken,
      DEMO_VAULT_TOKEN,
      DEMO_APPROLE.roleId,
      DEMO_APPROLE.secretId,
      DEMO_HCP_PRINCIPAL.clientSecret,
      privateKeyBody,
    ]
  }
}
