// Preferences: Cloud Credentials (add, edit, delete, test connection) and the cache settings.
import { api, showError } from './common.js'

const dialog = document.getElementById('credential-dialog')
const choice = document.getElementById('provider-choice')
const forms = [...document.querySelectorAll('.credential-form')]
const STORED = '•••••• stored — leave blank to keep'

function formOf(provider) {
  return forms.find((form) => form.dataset.provider === provider)
}

/** Shows the fieldset of the chosen kind; the others are disabled so nothing of theirs is sent. */
function showKind(form) {
  const kind = form.elements.kind.value
  for (const fieldset of form.querySelectorAll('fieldset.kind')) {
    const active = fieldset.dataset.kind === kind
    fieldset.hidden = !active
    fieldset.disabled = !active
  }
}

function activeFields(form) {
  return [...form.querySelectorAll(`fieldset.kind[data-kind="${form.elements.kind.value}"] [data-field]`)]
}

function openForm(provider, credential) {
  choice.hidden = true
  for (const form of forms) form.hidden = form.dataset.provider !== provider
  const form = formOf(provider)
  form.reset()
  showError(form.querySelector('.form-error'))
  form.dataset.mode = credential ? 'edit' : 'add'
  form.querySelector('.verb').textContent = credential ? 'Edit' : 'Add'
  form.elements.id.readOnly = Boolean(credential)
  for (const input of form.querySelectorAll('[data-secret="true"]')) input.placeholder = ''
  if (credential) {
    form.elements.id.value = credential.id
    form.elements.name.value = credential.name
    form.elements.kind.value = credential.kind
    showKind(form)
    for (const input of activeFields(form)) {
      const name = input.dataset.field
      if (input.dataset.secret === 'true') {
        input.value = ''
        if (credential.secretsSet.includes(name)) input.placeholder = STORED
      } else {
        input.value = credential.fields[name] ?? ''
      }
    }
  } else {
    showKind(form)
  }
  if (!dialog.open) dialog.showModal()
  form.elements.name.focus()
}

function openChoice() {
  for (const form of forms) form.hidden = true
  choice.hidden = false
  dialog.showModal()
}

async function refreshList() {
  const response = await fetch('/preferences?fragment=credentials')
  document.getElementById('credential-list').outerHTML = await response.text()
}

document.getElementById('add-credential').addEventListener('click', openChoice)
for (const button of document.querySelectorAll('[data-choose-provider]')) {
  button.addEventListener('click', () => openForm(button.dataset.chooseProvider))
}
for (const button of dialog.querySelectorAll('.cancel'))
  button.addEventListener('click', () => dialog.close())

for (const form of forms) {
  form.elements.kind.addEventListener('change', () => showKind(form))
  for (const picker of form.querySelectorAll('input[type="file"][data-upload-for]')) {
    picker.addEventListener('change', async () => {
      const file = picker.files?.[0]
      if (!file) return
      const target = picker.closest('fieldset').querySelector(`[data-field="${picker.dataset.uploadFor}"]`)
      target.value = await file.text()
      picker.value = ''
    })
  }
  form.querySelector('.fill-demo')?.addEventListener('click', async () => {
    const output = form.querySelector('.form-error')
    try {
      const demo = (await api('GET', '/api/demo/values'))[form.dataset.provider]?.[form.elements.kind.value]
      if (!demo) return
      if (form.dataset.mode === 'add' && form.elements.id.value === '') form.elements.id.value = demo.id
      if (form.elements.name.value === '') form.elements.name.value = demo.name
      for (const input of activeFields(form)) input.value = demo.values[input.dataset.field] ?? ''
      showError(output)
    } catch (error) {
      showError(output, error)
    }
  })
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const values = {}
    for (const input of activeFields(form)) values[input.dataset.field] = input.value
    const body = {
      id: form.elements.id.value.trim(),
      name: form.elements.name.value,
      provider: form.dataset.provider,
      kind: form.elements.kind.value,
      values,
    }
    const submit = form.querySelector('[type="submit"]')
    submit.disabled = true
    try {
      if (form.dataset.mode === 'edit')
        await api('PUT', `/api/credentials/${encodeURIComponent(body.id)}`, body)
      else await api('POST', '/api/credentials', body)
      // The typed secrets leave the page with the form.
      form.reset()
      dialog.close()
      await refreshList()
    } catch (error) {
      showError(form.querySelector('.form-error'), error)
    } finally {
      submit.disabled = false
    }
  })
}

document.getElementById('credentials-section').addEventListener('click', async (event) => {
  const button = event.target.closest('button')
  const row = button?.closest('tr[data-id]')
  if (!button || !row) return
  const id = row.dataset.id
  if (button.classList.contains('edit')) {
    const credential = JSON.parse(row.dataset.credential)
    openForm(credential.provider, credential)
  } else if (button.classList.contains('test')) {
    const output = row.querySelector('.test-result')
    output.className = 'test-result pending'
    output.textContent = 'Testing…'
    button.disabled = true
    try {
      const result = await api('POST', `/api/credentials/${encodeURIComponent(id)}/test`, {})
      output.className = `test-result ${result.ok ? 'ok' : 'failed'}`
      if (result.ok) output.textContent = 'Connection OK'
      else showError(output, result.error)
    } catch (error) {
      output.className = 'test-result failed'
      showError(output, error)
    } finally {
      button.disabled = false
    }
  } else if (button.classList.contains('delete')) {
    // Two clicks: the first arms the button, so a stray click deletes nothing.
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true'
      button.textContent = 'Confirm delete'
      return
    }
    await api('DELETE', `/api/credentials/${encodeURIComponent(id)}`)
    await refreshList()
  }
})

document.getElementById('add-demo-credentials')?.addEventListener('click', async () => {
  await api('POST', '/api/demo/credentials', {})
  await refreshList()
})

const cacheStatus = document.getElementById('cache-status')
document.getElementById('cache-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const input = document.getElementById('cache-minutes')
  const minutes = input.value.trim() === '' ? null : Number(input.value)
  try {
    const state = await api('PUT', '/api/cache', { ttlMinutes: minutes })
    cacheStatus.className = 'ok'
    cacheStatus.textContent =
      state.ttlMinutes === 0 ? 'Caching is off.' : `Secrets are cached for ${state.ttlMinutes} minutes.`
  } catch (error) {
    cacheStatus.className = 'failed'
    showError(cacheStatus, error)
  }
})
document.getElementById('reset-cache').addEventListener('click', async () => {
  const state = await api('POST', '/api/cache/reset', {})
  cacheStatus.className = 'ok'
  cacheStatus.textContent = `Cache reset: dropped ${state.dropped} ${state.dropped === 1 ? 'secret' : 'secrets'}.`
})
