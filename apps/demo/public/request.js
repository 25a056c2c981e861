// The request editor: Insert secret forms, Preview (masked), Send (resolved, sent to the echo endpoint), Reveal.
import { api, el, showError } from './common.js'

const fields = ['url', 'headers', 'body'].map((id) => document.getElementById(id))
let target = document.getElementById('body')
for (const field of fields) field.addEventListener('focus', () => (target = field))

// The request survives a visit to Preferences: it is kept in this tab (it holds references, never values).
const DRAFT_KEY = 'external-vault-demo:draft'
const editors = ['method', ...fields.map((field) => field.id)].map((id) => document.getElementById(id))
function saveDraft() {
  sessionStorage.setItem(
    DRAFT_KEY,
    JSON.stringify(Object.fromEntries(editors.map((editor) => [editor.id, editor.value]))),
  )
}
try {
  const saved = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null')
  if (saved) for (const editor of editors) editor.value = saved[editor.id] ?? editor.value
} catch {
  sessionStorage.removeItem(DRAFT_KEY)
}
for (const editor of editors) editor.addEventListener('input', saveDraft)

const result = document.getElementById('result')
const referencesBody = document.querySelector('#references tbody')
const shown = document.getElementById('shown-request')
const reveal = document.getElementById('reveal')
const resultError = document.getElementById('result-error')
const vaultCalls = document.getElementById('vault-calls')
let masked = ''
let sendId

function draft() {
  return {
    method: document.getElementById('method').value,
    url: document.getElementById('url').value,
    headers: document.getElementById('headers').value,
    body: document.getElementById('body').value,
  }
}

function requestText(request) {
  const head = [
    `${request.method} ${request.url}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ]
  return `${head.join('\n')}\n\n${request.body}`
}

function referenceRow(reference, sent) {
  let outcome
  if (reference.error) {
    outcome = el(
      'span',
      { className: 'error' },
      el('strong', { className: 'code' }, reference.error.code),
      ' — ',
      reference.error.message,
    )
  } else if (reference.from) {
    outcome = el('span', { className: `from ${reference.from}` }, `${reference.from} · ${reference.ms} ms`)
  } else {
    outcome = el('span', { className: 'pending' }, sent ? 'not resolved' : 'masked; resolved on Send')
  }
  return el(
    'tr',
    { className: reference.error ? 'reference failed-row' : 'reference', 'data-source': reference.source },
    el('td', {}, el('code', {}, reference.source)),
    el('td', {}, reference.where.join(', ')),
    el('td', { className: 'outcome' }, outcome),
  )
}

function showResult(title, data, sent) {
  result.hidden = false
  document.getElementById('result-title').textContent = title
  showError(resultError, data.error)
  referencesBody.replaceChildren(...(data.references ?? []).map((reference) => referenceRow(reference, sent)))
  document.getElementById('references').hidden = (data.references ?? []).length === 0
  masked = data.request ? requestText(data.request) : ''
  shown.textContent = masked
  shown.hidden = !data.request
  document.getElementById('request-view-title').textContent = data.request
    ? sent
      ? 'Received by the echo endpoint (secrets masked)'
      : 'Preview (secrets masked)'
    : ''
  sendId = data.sendId
  reveal.hidden = !sendId
  reveal.setAttribute('aria-pressed', 'false')
  reveal.textContent = 'Reveal values'
}

async function updateVaultCalls() {
  if (!vaultCalls) return
  const calls = await api('GET', '/api/mock/calls')
  vaultCalls.textContent = String(calls.total)
  vaultCalls.title = Object.entries(calls.byVault)
    .map(([name, count]) => `${name}: ${count}`)
    .join(', ')
}

async function run(button, action) {
  button.disabled = true
  try {
    await action()
  } catch (error) {
    showResult('Not sent', { error }, false)
  } finally {
    button.disabled = false
    // Counts finished runs, so a reader (or a test) can wait for the result of its own click.
    result.dataset.runs = String(Number(result.dataset.runs ?? 0) + 1)
  }
}

document
  .getElementById('preview')
  .addEventListener('click', (event) =>
    run(event.currentTarget, async () =>
      showResult('Preview', await api('POST', '/api/preview', draft()), false),
    ),
  )

document.getElementById('send').addEventListener('click', (event) =>
  run(event.currentTarget, async () => {
    const data = await api('POST', '/api/send', draft())
    showResult(data.sent ? `Sent · echo answered ${data.status}` : 'Not sent', data, true)
    await updateVaultCalls()
  }),
)

// The real values are fetched only when asked for, so they are never in the page before.
reveal.addEventListener('click', async () => {
  if (reveal.getAttribute('aria-pressed') === 'true') {
    shown.textContent = masked
    reveal.setAttribute('aria-pressed', 'false')
    reveal.textContent = 'Reveal values'
    return
  }
  const data = await api('GET', `/api/sends/${encodeURIComponent(sendId)}/revealed`)
  shown.textContent = requestText(data.request)
  reveal.setAttribute('aria-pressed', 'true')
  reveal.textContent = 'Hide values'
})

// Insert secret: the menu opens the provider's form; the form's tag goes where the cursor was.
const menu = document.getElementById('insert-menu')
for (const item of menu.querySelectorAll('[data-insert]')) {
  item.addEventListener('click', () => {
    menu.open = false
    const dialog = document.getElementById(`insert-${item.dataset.insert}`)
    const form = dialog.querySelector('form')
    showError(form.querySelector('.form-error'))
    updateForm(form)
    dialog.showModal()
  })
}

/** Shows the fields that apply: the key for a key/value AWS secret, the HashiCorp credential's environment. */
function updateForm(form) {
  const kv = form.querySelector('[data-show-when="kv"]')
  if (kv) kv.hidden = form.elements.secretType?.value !== 'kv'
  const select = form.elements.credential
  const environment = select?.selectedOptions?.[0]?.dataset.environment
  for (const fieldset of form.querySelectorAll('fieldset.environment')) {
    const active = fieldset.dataset.environment === environment
    fieldset.hidden = !active
    fieldset.disabled = !active
  }
}

for (const form of document.querySelectorAll('.insert-form')) {
  form.addEventListener('change', () => updateForm(form))
  form.querySelector('.cancel').addEventListener('click', () => form.closest('dialog').close())
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const body = Object.fromEntries(new FormData(form))
    try {
      const { tag } = await api('POST', '/api/reference', body)
      target.focus()
      target.setRangeText(tag, target.selectionStart, target.selectionEnd, 'end')
      saveDraft()
      form.closest('dialog').close()
    } catch (error) {
      showError(form.querySelector('.form-error'), error)
    }
  })
}

updateVaultCalls().catch(() => {})
