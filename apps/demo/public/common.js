// Shared by the demo's pages: JSON calls to the demo server and small DOM helpers.

/** Calls the demo's API; resolves to the JSON body, or throws an Error carrying the server's code. */
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const error = new Error(data.error?.message ?? `The server answered ${response.status}.`)
    error.code = data.error?.code ?? `HTTP_${response.status}`
    throw error
  }
  return data
}

/** An element with attributes and children; text goes in as text, never as HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (name === 'className') element.className = value
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    element.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return element
}

/** Shows an error as "CODE — message" in an output element. */
export function showError(output, error) {
  output.replaceChildren()
  if (!error) return
  output.append(el('strong', { className: 'code' }, error.code ?? 'ERROR'), ' — ', error.message)
}
