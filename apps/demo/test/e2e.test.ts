import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MASK } from '@external-vault/core'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_AWS_KEYS,
  DEMO_IDS,
  DEMO_REGION,
  demoSecretValues,
  SAMPLES,
  type Sample,
  WORKING_DEMO_IDS,
} from '../src/demo-data.js'
import { DemoHarness } from './demo-harness.js'

// Debian's Chromium, driven by playwright-core (scripts/ensure-chromium.mjs installs it before the tests).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url))

let harness: DemoHarness
let browser: Browser
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  harness = await DemoHarness.start()
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
})

afterAll(async () => {
  await browser?.close()
  await harness?.demo.close()
})

const screenshot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true })

/** Add → provider → kind → `fill` → Save, and wait for the new row. */
async function addCredential(
  provider: string,
  kind: string,
  id: string,
  fill: (form: Locator) => Promise<void>,
) {
  await page.click('#add-credential')
  await page.click(`[data-choose-provider="${provider}"]`)
  const form = page.locator(`#credential-form-${provider}`)
  await form.locator('select[name="kind"]').selectOption(kind)
  await fill(form)
  if ((await form.locator('input[name="id"]').inputValue()) === '')
    await form.locator('input[name="id"]').fill(id)
  await form.getByRole('button', { name: 'Save' }).click()
  await page.locator(`#credential-list tr[data-id="${id}"]`).waitFor()
  await page.locator('#credential-dialog').waitFor({ state: 'hidden' })
}

const fillDemo = (form: Locator) => form.getByRole('button', { name: 'Fill demo values' }).click()

async function testConnection(id: string): Promise<string> {
  const row = page.locator(`#credential-list tr[data-id="${id}"]`)
  await row.getByRole('button', { name: 'Test connection' }).click()
  const result = row.locator('output.test-result.ok, output.test-result.failed')
  await result.waitFor()
  return (await result.textContent()) ?? ''
}

/** Insert secret → the provider's form → Insert, at the cursor of the focused field. */
async function insertSecret(sample: Sample, form: Record<string, string> = sample.form, shot?: string) {
  await page.click('#insert-menu summary')
  await page.click(`[data-insert="${sample.provider}"]`)
  const dialog = page.locator(`#insert-${sample.provider}`)
  await dialog.locator('select[name="credential"]').selectOption(sample.credential)
  for (const [name, value] of Object.entries(form)) {
    if (name === 'secretType') await dialog.locator(`input[name="secretType"][value="${value}"]`).check()
    else if (name === 'versionKind' || name === 'engine')
      await dialog.locator(`select[name="${name}"]`).selectOption(value)
    else await dialog.locator(`input[name="${name}"]:visible`).fill(value)
  }
  if (shot) await screenshot(shot)
  await dialog.getByRole('button', { name: 'Insert' }).click()
  await dialog.waitFor({ state: 'hidden' })
}

/** Clicks a button of the request editor and waits for the result of this click. */
async function runAction(button: '#preview' | '#send') {
  const runs = Number((await page.locator('#result').getAttribute('data-runs')) ?? 0)
  await page.click(button)
  await page.locator(`#result[data-runs="${runs + 1}"]`).waitFor({ state: 'attached' })
}

async function referenceOutcomes(): Promise<Record<string, string>> {
  const rows = await page.locator('#references tbody tr').all()
  const outcomes: Record<string, string> = {}
  for (const row of rows)
    outcomes[(await row.getAttribute('data-source')) ?? ''] =
      (await row.locator('.outcome').textContent()) ?? ''
  return outcomes
}

function expectNoSecretIn(html: string) {
  for (const value of demoSecretValues()) expect(html).not.toContain(value)
}

const inserted = [SAMPLES.awsJson, SAMPLES.gcpLatest, SAMPLES.kv2, SAMPLES.kv1, SAMPLES.hcp]
const inHeader = SAMPLES.awsPlain
const everySample = [...inserted, inHeader]

describe('the demo in Chromium', () => {
  it('adds one credential of each kind through Preferences, never showing a secret back', async () => {
    await page.goto(`${harness.demo.url}/preferences`)
    await page.locator('#credential-list .empty').waitFor()

    await addCredential('aws', 'temporary', DEMO_IDS.awsTemporary, async (form) => {
      const fields = form.locator('fieldset[data-kind="temporary"]')
      await form.getByLabel('Name', { exact: true }).fill('AWS typed by hand')
      await fields.getByLabel('Access key ID').fill(DEMO_AWS_KEYS.accessKeyId)
      await fields.getByLabel('Secret access key').fill(DEMO_AWS_KEYS.secretAccessKey)
      await fields.getByLabel('Session token').fill(DEMO_AWS_KEYS.sessionToken)
      await fields.getByLabel('Region').fill(DEMO_REGION)
      await screenshot('credential-form-aws')
    })
    await addCredential('aws', 'profile', DEMO_IDS.awsProfile, fillDemo)
    await addCredential('aws', 'default', DEMO_IDS.awsDefault, fillDemo)
    await addCredential('gcp', 'service-account-key', DEMO_IDS.gcpKey, async (form) => {
      // Upload the key file, as a user would with the file they downloaded from IAM.
      const key = harness.demo.mocks?.demoValues.gcp['service-account-key']?.values
        .serviceAccountKey as string
      await form.locator('input[type="file"]').setInputFiles({
        name: 'demo-key.json',
        mimeType: 'application/json',
        buffer: Buffer.from(key),
      })
      // The page reads the file asynchronously: wait until it is in the text area.
      await expect.poll(() => form.locator('textarea[data-field="serviceAccountKey"]').inputValue()).toBe(key)
    })
    await addCredential('gcp', 'application-default', DEMO_IDS.gcpDefault, fillDemo)
    await addCredential('hashicorp', 'token', DEMO_IDS.vaultToken, fillDemo)
    await addCredential('hashicorp', 'app-role', DEMO_IDS.vaultAppRole, fillDemo)
    await addCredential('hashicorp', 'cloud', DEMO_IDS.hcp, fillDemo)
    expect(await page.locator('#credential-list tbody tr').count()).toBe(8)

    for (const id of WORKING_DEMO_IDS) {
      expect(await testConnection(id), id).toBe('Connection OK')
    }

    // Edit: the secret fields come up empty and saying so; leaving them blank keeps them.
    await page.locator(`tr[data-id="${DEMO_IDS.awsTemporary}"]`).getByRole('button', { name: 'Edit' }).click()
    const form = page.locator('#credential-form-aws')
    const secretField = form.locator('fieldset[data-kind="temporary"]').getByLabel('Secret access key')
    expect(await secretField.inputValue()).toBe('')
    expect(await secretField.getAttribute('placeholder')).toMatch(/leave blank to keep/)
    await form.getByLabel('Name', { exact: true }).fill('AWS demo, renamed')
    await form.getByRole('button', { name: 'Save' }).click()
    await page
      .locator(`tr[data-id="${DEMO_IDS.awsTemporary}"] td.name`, { hasText: 'AWS demo, renamed' })
      .waitFor()
    expect(await testConnection(DEMO_IDS.awsTemporary)).toBe('Connection OK')

    const html = await page.content()
    for (const sentinel of harness.credentialSentinels()) expect(html).not.toContain(sentinel)
    await screenshot('preferences-credentials')
  })

  it('inserts a secret from each provider through its form, and Preview masks them', async () => {
    await page.goto(harness.demo.url)
    await page.locator('#headers').fill('Content-Type: application/json\nX-Api-Key: ')
    await page.locator('#headers').press('End')
    await insertSecret(inHeader)
    await page.locator('#body').fill('')
    for (const [index, sample] of inserted.entries()) {
      await page.locator('#body').press('End')
      await page.locator('#body').pressSequentially(`${index === 0 ? '' : '\n'}${sample.provider}=`)
      await insertSecret(sample, sample.form, sample === SAMPLES.kv2 ? 'insert-secret-hashicorp' : undefined)
    }
    const tags = await Promise.all(inserted.map((sample) => harness.tag(sample)))
    expect(await page.locator('#body').inputValue()).toBe(
      inserted.map((sample, index) => `${sample.provider}=${tags[index]}`).join('\n'),
    )
    expect(await page.locator('#headers').inputValue()).toBe(
      `Content-Type: application/json\nX-Api-Key: ${await harness.tag(inHeader)}`,
    )
    await screenshot('request-editor')

    const calls = await harness.vaultCalls()
    await runAction('#preview')
    const shown = await page.locator('#shown-request').textContent()
    expect(shown).toContain(`X-Api-Key: ${MASK}`)
    expect(shown).toContain(inserted.map((sample) => `${sample.provider}=${MASK}`).join('\n'))
    expect(await harness.vaultCalls()).toBe(calls)
    expectNoSecretIn(await page.content())
    await screenshot('preview')
  })

  it('sends: each reference from the vault, the echo receives the real values, the page shows them only on Reveal', async () => {
    const calls = await harness.vaultCalls()
    await runAction('#send')
    expect(await page.locator('#result-title').textContent()).toBe('Sent · echo answered 200')
    const outcomes = Object.values(await referenceOutcomes())
    expect(outcomes).toHaveLength(everySample.length)
    for (const outcome of outcomes) expect(outcome).toMatch(/^vault · [\d.]+ ms$/)
    expect(await harness.vaultCalls()).toBe(calls + everySample.length)
    expect(await page.locator('#vault-calls').textContent()).toBe(String(calls + everySample.length))

    const received = harness.demo.echo.last()
    expect(received?.body).toBe(inserted.map((sample) => `${sample.provider}=${sample.value}`).join('\n'))
    expect(received?.headers).toContainEqual(['X-Api-Key', inHeader.value])

    expectNoSecretIn(await page.content())
    expect(await page.locator('#shown-request').textContent()).toContain(`X-Api-Key: ${MASK}`)
    await screenshot('sent-masked')

    await page.click('#reveal')
    await page.locator('#reveal[aria-pressed="true"]').waitFor()
    const revealed = await page.locator('#shown-request').textContent()
    for (const sample of everySample) expect(revealed).toContain(sample.value)
    await screenshot('sent-revealed')
    await page.click('#reveal')
    await page.locator('#reveal[aria-pressed="false"]').waitFor()
    expectNoSecretIn(await page.content())
  })

  it('serves a second send from the cache, with no call reaching the mocks', async () => {
    const calls = await harness.vaultCalls()
    await runAction('#send')
    for (const outcome of Object.values(await referenceOutcomes()))
      expect(outcome).toMatch(/^cache · [\d.]+ ms$/)
    expect(await harness.vaultCalls()).toBe(calls)
    expect(harness.demo.echo.last()?.body).toContain(SAMPLES.hcp.value)
  })

  it('Reset cache reports what it dropped, and the next send goes to the vault again', async () => {
    await page.goto(`${harness.demo.url}/preferences`)
    await page.click('#reset-cache')
    await page.locator('#cache-status', { hasText: 'Cache reset' }).waitFor()
    expect(await page.locator('#cache-status').textContent()).toBe(
      `Cache reset: dropped ${everySample.length} secrets.`,
    )
    await screenshot('preferences-cache')

    await page.goto(harness.demo.url)
    // The request survived the visit to Preferences.
    expect(await page.locator('#body').inputValue()).toContain(SAMPLES.hcp.credential)
    const calls = await harness.vaultCalls()
    await runAction('#send')
    for (const outcome of Object.values(await referenceOutcomes())) expect(outcome).toMatch(/^vault · /)
    expect(await harness.vaultCalls()).toBe(calls + everySample.length)
  })

  it('shows KEY_NOT_FOUND beside the reference with a wrong key, and sends nothing', async () => {
    await page.locator('#body').press('End')
    await page.locator('#body').pressSequentially('\nwrong=')
    await insertSecret(SAMPLES.awsJson, { ...SAMPLES.awsJson.form, key: 'no_such_key' })
    const wrongTag = await harness.tag(SAMPLES.awsJson, { ...SAMPLES.awsJson.form, key: 'no_such_key' })
    const echoed = harness.demo.echo.size
    await runAction('#send')
    expect(await page.locator('#result-title').textContent()).toBe('Not sent')
    const row = page.locator(`#references tbody tr[data-source="${wrongTag}"]`)
    expect(await row.locator('.outcome .code').textContent()).toBe('KEY_NOT_FOUND')
    expect(await row.locator('.outcome').textContent()).toMatch(/password/)
    const others = Object.entries(await referenceOutcomes()).filter(([source]) => source !== wrongTag)
    for (const [, outcome] of others) expect(outcome).toMatch(/^cache · /)
    expect(harness.demo.echo.size).toBe(echoed)
    await screenshot('key-not-found')
    expect(pageErrors).toEqual([])
  })
})
