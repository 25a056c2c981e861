import { type FieldSpec, type KindSpec, PROVIDERS, type ProviderSpec } from '../credential-kinds.js'
import type { PublicCredential } from '../credential-service.js'
import { type Html, html, jsonText } from './html.js'
import { layout } from './layout.js'

export interface PreferencesContext {
  live: boolean
  credentials: readonly PublicCredential[]
  cacheMinutes: number
}

function fieldLabel(credential: PublicCredential, name: string): string {
  const provider = PROVIDERS.find((spec) => spec.id === credential.provider)
  const kind = provider?.kinds.find((spec) => spec.id === credential.kind)
  return kind?.fields.find((field) => field.name === name)?.label ?? name
}

function details(credential: PublicCredential): Html {
  const shown = Object.entries(credential.fields).map(
    ([name, value]) => html`<span class="detail">${fieldLabel(credential, name)}: <b>${value}</b></span>`,
  )
  const secrets = credential.secretsSet.map(
    (name) => html`<span class="detail secret-set">${fieldLabel(credential, name)}: <b>set</b></span>`,
  )
  return html`${shown}${secrets}`
}

/** The list of credentials; also served alone (`?fragment=credentials`) to refresh it after a change. */
export function credentialList(context: Pick<PreferencesContext, 'credentials'>): Html {
  if (context.credentials.length === 0) {
    return html`<div id="credential-list"><p class="empty">No credentials yet. Add one to reference its secrets.</p></div>`
  }
  return html`<div id="credential-list">
<table class="credentials">
<thead><tr><th>Name</th><th>ID</th><th>Provider</th><th>Kind</th><th>Details</th><th>Actions</th></tr></thead>
<tbody>
${context.credentials.map(
  (credential) => html`<tr data-id="${credential.id}" data-credential="${jsonText(credential)}">
<td class="name">${credential.name}</td>
<td><code>${credential.id}</code></td>
<td>${credential.providerLabel}</td>
<td>${credential.kindLabel}</td>
<td class="details">${details(credential)}</td>
<td class="actions">
  <button type="button" class="edit">Edit</button>
  <button type="button" class="test">Test connection</button>
  <button type="button" class="delete danger">Delete</button>
  <output class="test-result" aria-live="polite"></output>
</td>
</tr>`,
)}
</tbody>
</table>
</div>`
}

function fieldInput(field: FieldSpec): Html {
  const attributes = html`data-field="${field.name}" data-secret="${field.secret ? 'true' : 'false'}" data-required="${field.required ? 'true' : 'false'}" placeholder="${field.placeholder ?? ''}"`
  const label = html`<span>${field.label}${field.required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}</span>`
  if (field.multiline) {
    return html`<label class="field">${label}
<textarea ${attributes} rows="6" spellcheck="false" autocomplete="off"></textarea></label>
${field.upload ? html`<label class="field upload">Upload key file <input type="file" accept=".json,application/json" data-upload-for="${field.name}"></label>` : ''}`
  }
  return html`<label class="field">${label}
<input ${attributes} type="${field.secret ? 'password' : 'text'}" autocomplete="${field.secret ? 'new-password' : 'off'}" spellcheck="false"></label>`
}

function kindFieldset(kind: KindSpec): Html {
  return html`<fieldset class="kind" data-kind="${kind.id}">
<p class="help">${kind.help}</p>
${kind.fields.map(fieldInput)}
</fieldset>`
}

function credentialForm(provider: ProviderSpec, live: boolean): Html {
  return html`<form class="credential-form" id="credential-form-${provider.id}" data-provider="${provider.id}" hidden>
<h2><span class="verb">Add</span> ${provider.label} credential</h2>
<div class="row">
  <label class="field">Name <input name="name" type="text" autocomplete="off" placeholder="Production"></label>
  <label class="field">ID <input name="id" type="text" autocomplete="off" placeholder="prod"></label>
</div>
<label class="field">Kind <select name="kind">
${provider.kinds.map((kind) => html`<option value="${kind.id}">${kind.label}</option>`)}
</select></label>
${provider.kinds.map(kindFieldset)}
<p class="secret-note">Secret fields are write-only: they are never shown again. When editing, leave one blank to keep it.</p>
<output class="form-error" role="alert"></output>
<div class="buttons">
  ${live ? '' : html`<button type="button" class="fill-demo">Fill demo values</button>`}
  <span class="spacer"></span>
  <button type="button" class="cancel">Cancel</button>
  <button type="submit" class="primary">Save</button>
</div>
</form>`
}

export function preferencesPage(context: PreferencesContext): Html {
  const content = html`<section id="credentials-section" aria-labelledby="credentials-title">
<h1 id="credentials-title">Cloud Credentials</h1>
${
  context.live
    ? html`<p class="note">Live mode: secrets are fetched from the real services with the credentials you enter. They stay in this server’s memory only.</p>`
    : html`<p class="note">The vaults are mocked in the demo server and know one set of <b>fake</b> demo credentials. In a form, use <b>Fill demo values</b>, or <button type="button" id="add-demo-credentials" class="link">add all demo credentials</button>.</p>`
}
${credentialList(context)}
<p><button type="button" id="add-credential" class="primary">Add credential</button></p>
</section>

<section id="cache-section" aria-labelledby="cache-title">
<h2 id="cache-title">Cache</h2>
<form id="cache-form" class="row">
  <label class="field">Cache duration (minutes)
    <input id="cache-minutes" type="number" min="0" max="720" step="1" value="${context.cacheMinutes}"></label>
  <button type="submit">Save</button>
  <button type="button" id="reset-cache" class="danger">Reset cache</button>
</form>
<p class="help">Secrets are kept in memory for this long after they are fetched; 0 turns caching off (at most 720, 12 hours).</p>
<output id="cache-status" aria-live="polite"></output>
</section>

<dialog id="credential-dialog" aria-labelledby="choose-provider-title">
<div id="provider-choice">
  <h2 id="choose-provider-title">Add credential: choose the provider</h2>
  <div class="choices">
  ${PROVIDERS.map((provider) => html`<button type="button" data-choose-provider="${provider.id}">${provider.label} <small>${provider.service}</small></button>`)}
  </div>
  <div class="buttons"><span class="spacer"></span><button type="button" class="cancel">Cancel</button></div>
</div>
${PROVIDERS.map((provider) => credentialForm(provider, context.live))}
</dialog>`
  return layout({
    title: 'Preferences',
    live: context.live,
    active: 'preferences',
    script: 'preferences.js',
    content,
  })
}
