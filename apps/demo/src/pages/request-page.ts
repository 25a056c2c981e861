import { PROVIDERS, type ProviderId } from '../credential-kinds.js'
import type { PublicCredential } from '../credential-service.js'
import { METHODS } from '../request-draft.js'
import { type Html, html } from './html.js'
import { layout } from './layout.js'

export interface RequestContext {
  live: boolean
  origin: string
  credentials: readonly PublicCredential[]
  cacheMinutes: number
  /** What the editor starts with. */
  example: { headers: string; body: string }
}

function credentialSelect(credentials: readonly PublicCredential[], provider: ProviderId): Html {
  const own = credentials.filter((credential) => credential.provider === provider)
  if (own.length === 0) {
    return html`<p class="note">No ${PROVIDERS.find((spec) => spec.id === provider)?.label} credential yet: add one under <a href="/preferences">Preferences → Cloud Credentials</a>.</p>`
  }
  return html`<label class="field">Credential <select name="credential">
${own.map(
  (credential) =>
    html`<option value="${credential.id}" data-environment="${credential.environment ?? ''}">${credential.name} (${credential.id})</option>`,
)}
</select></label>`
}

function text(name: string, label: string, placeholder = '', value = ''): Html {
  return html`<label class="field">${label} <input name="${name}" type="text" autocomplete="off" spellcheck="false" placeholder="${placeholder}" value="${value}"></label>`
}

function insertDialog(
  provider: ProviderId,
  title: string,
  fields: Html,
  credentials: readonly PublicCredential[],
) {
  return html`<dialog class="insert-dialog" id="insert-${provider}" aria-labelledby="insert-${provider}-title">
<form class="insert-form" data-provider="${provider}">
<h2 id="insert-${provider}-title">Insert secret · ${title}</h2>
${credentialSelect(credentials, provider)}
${fields}
<output class="form-error" role="alert"></output>
<div class="buttons"><span class="spacer"></span><button type="button" class="cancel">Cancel</button><button type="submit" class="primary">Insert</button></div>
</form>
</dialog>`
}

function insertDialogs(credentials: readonly PublicCredential[]): Html {
  const aws = html`${text('secret', 'Secret name or ARN', 'prod/db/creds')}
<div class="row">
  <label class="field">Version <select name="versionKind"><option value="stage">Stage</option><option value="id">Version ID</option></select></label>
  ${text('version', 'Version stage or ID', 'AWSCURRENT', 'AWSCURRENT')}
</div>
<fieldset class="choice"><legend>Secret type</legend>
  <label><input type="radio" name="secretType" value="plaintext" checked> Plaintext</label>
  <label><input type="radio" name="secretType" value="kv"> Key/value</label>
</fieldset>
<div data-show-when="kv">${text('key', 'Key', 'password')}</div>`
  const gcp = html`${text('secret', 'Secret name', 'api-key')}${text('version', 'Version', 'latest', 'latest')}`
  const hashicorp = html`<fieldset class="environment" data-environment="cloud"><legend>Cloud · HCP Vault Secrets</legend>
${text('organization', 'Organization ID')}${text('project', 'Project ID')}${text('app', 'App name')}${text('secret', 'Secret name')}${text('version', 'Version', 'latest')}
</fieldset>
<fieldset class="environment" data-environment="on-premises"><legend>On-Premises · KV secrets engine</legend>
<div class="row">
  <label class="field">KV engine version <select name="engine"><option value="kv2">v2</option><option value="kv1">v1</option></select></label>
  ${text('mount', 'Mount', 'secret', 'secret')}
</div>
${text('path', 'Path', 'app/config')}${text('key', 'Key', 'password (optional)')}${text('version', 'Version', 'latest (KV v2 only)')}
</fieldset>`
  return html`${insertDialog('aws', 'AWS Secrets Manager', aws, credentials)}
${insertDialog('gcp', 'GCP Secret Manager', gcp, credentials)}
${insertDialog('hashicorp', 'HashiCorp Vault', hashicorp, credentials)}`
}

export function requestPage(context: RequestContext): Html {
  const content = html`<section class="editor" aria-labelledby="request-title">
<h1 id="request-title">Request</h1>
<p class="help">Write a request with secret references — <code>{{ aws://&lt;credential&gt;/&lt;secret&gt;#key }}</code> — by hand or with <b>Insert secret</b>. It goes to this demo’s echo endpoint, which records what it receives.</p>
<div class="row url-row">
  <label class="field method">Method <select id="method">${METHODS.map((method) => html`<option${method === 'POST' ? html` selected` : ''}>${method}</option>`)}</select></label>
  <label class="field grow">URL <input id="url" type="text" spellcheck="false" autocomplete="off" value="${context.origin}/echo/login"></label>
</div>
<label class="field">Headers <small>(one <code>Name: value</code> a line)</small>
<textarea id="headers" rows="3" spellcheck="false">${context.example.headers}</textarea></label>
<label class="field">Body
<textarea id="body" rows="9" spellcheck="false">${context.example.body}</textarea></label>
<div class="toolbar">
  <details class="menu" id="insert-menu">
    <summary>Insert secret</summary>
    <div class="menu-items" role="menu">
      ${PROVIDERS.map((provider) => html`<button type="button" role="menuitem" data-insert="${provider.id}">${provider.service}</button>`)}
    </div>
  </details>
  <button type="button" id="preview">Preview</button>
  <button type="button" id="send" class="primary">Send</button>
  <span class="spacer"></span>
  <span class="status">Cache: <a href="/preferences#cache-section">${context.cacheMinutes === 0 ? 'off' : `${context.cacheMinutes} min`}</a></span>
  ${context.live ? '' : html`<span class="status">Mock vault calls: <b id="vault-calls">–</b></span>`}
</div>
</section>

<section id="result" aria-labelledby="result-title" hidden>
<h2 id="result-title"></h2>
<output id="result-error" role="alert"></output>
<table id="references" class="references">
<thead><tr><th>Reference</th><th>In</th><th>Result</th></tr></thead>
<tbody></tbody>
</table>
<div class="request-view">
  <div class="toolbar"><h3 id="request-view-title"></h3><span class="spacer"></span><button type="button" id="reveal" hidden aria-pressed="false">Reveal values</button></div>
  <pre id="shown-request"></pre>
</div>
</section>
${insertDialogs(context.credentials)}`
  return layout({ title: 'Request', live: context.live, active: 'request', script: 'request.js', content })
}
