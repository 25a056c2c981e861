import type { Vault } from '@external-vault/core'
import {
  environmentOf,
  type FormValues,
  type KindSpec,
  kindSpec,
  type ProviderId,
  type ProviderSpec,
  providerSpec,
} from './credential-kinds.js'
import { RequestError } from './request-error.js'

/** A credential form as the browser posts it. */
export interface CredentialForm {
  id: string
  name: string
  provider: ProviderId
  kind: string
  values: FormValues
}

/** What the browser may see of a credential: everything but its secret fields, which are only flagged as set. */
export interface PublicCredential {
  id: string
  name: string
  provider: ProviderId
  providerLabel: string
  kind: string
  kindLabel: string
  environment?: 'cloud' | 'on-premises'
  /** Non-secret fields that are filled. */
  fields: Record<string, string>
  /** Names of the secret fields that hold a value. */
  secretsSet: string[]
}

// The reference grammar's credential id: anything else would need percent-encoding in every tag.
const CREDENTIAL_ID = /^[A-Za-z0-9._-]{1,64}$/

function invalid(message: string): RequestError {
  return new RequestError(400, 'INVALID_CREDENTIAL', message)
}

function readForm(body: unknown, fixedId?: string): CredentialForm {
  if (typeof body !== 'object' || body === null) throw invalid('Send the credential form as a JSON object.')
  const { id, name, provider, kind, values } = body as Record<string, unknown>
  const credentialId = fixedId ?? id
  if (typeof credentialId !== 'string' || !CREDENTIAL_ID.test(credentialId)) {
    throw invalid(
      'The ID must be 1–64 letters, digits, ".", "_" or "-" (it is what references name, as in aws://<ID>/…).',
    )
  }
  const spec = typeof provider === 'string' ? providerSpec(provider) : undefined
  if (spec === undefined) throw invalid('Choose a provider: aws, gcp or hashicorp.')
  const kindId = typeof kind === 'string' ? kind : ''
  if (kindSpec(spec, kindId) === undefined) {
    throw invalid(`Choose a kind of ${spec.label} credential: ${spec.kinds.map((k) => k.id).join(', ')}.`)
  }
  const strings: Record<string, string> = {}
  if (typeof values === 'object' && values !== null) {
    for (const [field, value] of Object.entries(values)) if (typeof value === 'string') strings[field] = value
  }
  return {
    id: credentialId,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : credentialId,
    provider: spec.id,
    kind: kindId,
    values: strings,
  }
}

/** Only the kind's own fields; a blank secret field keeps what `previous` held for it. */
function mergeValues(kind: KindSpec, values: FormValues, previous: FormValues | undefined): FormValues {
  const merged: Record<string, string> = {}
  for (const field of kind.fields) {
    const value = values[field.name] ?? ''
    const kept = field.secret && value.trim() === '' ? previous?.[field.name] : undefined
    merged[field.name] = kept ?? value
  }
  return merged
}

function checkRequired(kind: KindSpec, values: FormValues): void {
  const missing = kind.fields.filter((field) => field.required && !values[field.name]?.trim())
  if (missing.length > 0) {
    throw invalid(`${kind.label}: fill in ${missing.map((field) => field.label).join(', ')}.`)
  }
}

function specsOf(form: CredentialForm): { provider: ProviderSpec; kind: KindSpec } {
  const provider = providerSpec(form.provider) as ProviderSpec
  return { provider, kind: kindSpec(provider, form.kind) as KindSpec }
}

export function publicView(form: CredentialForm): PublicCredential {
  const { provider, kind } = specsOf(form)
  const fields: Record<string, string> = {}
  const secretsSet: string[] = []
  for (const field of kind.fields) {
    const value = form.values[field.name]?.trim()
    if (!value) continue
    if (field.secret) secretsSet.push(field.name)
    else fields[field.name] = value
  }
  const environment = environmentOf(form.provider, form.kind)
  return {
    id: form.id,
    name: form.name,
    provider: form.provider,
    providerLabel: provider.label,
    kind: form.kind,
    kindLabel: kind.label,
    ...(environment ? { environment } : {}),
    fields,
    secretsSet,
  }
}

/**
 * Preferences → Cloud Credentials on top of `vault.credentials`. The forms are kept here, in memory only,
 * so that an edit can leave a secret field blank to keep it; nothing here ever returns a secret field.
 */
export class CredentialService {
  readonly #forms = new Map<string, CredentialForm>()

  constructor(private readonly vault: Vault) {}

  list(): PublicCredential[] {
    return [...this.#forms.values()].map(publicView)
  }

  get(id: string): PublicCredential | undefined {
    const form = this.#forms.get(id)
    return form && publicView(form)
  }

  add(body: unknown): PublicCredential {
    const posted = readForm(body)
    if (this.#forms.has(posted.id)) {
      throw invalid(`A credential with the ID "${posted.id}" exists already. Edit it, or pick another ID.`)
    }
    const { kind } = specsOf(posted)
    const form = { ...posted, values: mergeValues(kind, posted.values, undefined) }
    checkRequired(kind, form.values)
    this.vault.credentials.add(this.#toInput(form))
    this.#forms.set(form.id, form)
    return publicView(form)
  }

  update(id: string, body: unknown): PublicCredential {
    const previous = this.#forms.get(id)
    if (previous === undefined) {
      throw new RequestError(404, 'CREDENTIAL_NOT_FOUND', `There is no credential "${id}" to edit.`)
    }
    const posted = readForm(body, id)
    if (posted.provider !== previous.provider) {
      throw invalid('A credential keeps its provider. Delete it and add a new one to switch providers.')
    }
    const { kind } = specsOf(posted)
    const form = { ...posted, values: mergeValues(kind, posted.values, previous.values) }
    checkRequired(kind, form.values)
    this.vault.credentials.update(this.#toInput(form))
    this.#forms.set(id, form)
    return publicView(form)
  }

  remove(id: string): boolean {
    this.vault.credentials.remove(id)
    return this.#forms.delete(id)
  }

  async test(id: string): Promise<void> {
    await this.vault.testCredential(id)
  }

  #toInput(form: CredentialForm) {
    const { kind } = specsOf(form)
    return { ...kind.toInput(form.values), id: form.id, name: form.name, provider: form.provider }
  }
}
