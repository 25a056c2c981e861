import { describe, expect, it } from 'vitest'
import { html, jsonText } from './html.js'

describe('html', () => {
  it('escapes interpolated text and keeps nested html as is', () => {
    const inner = html`<b>${'<i>&'}</b>`
    expect(html`<p title="${'"x"'}">${inner}${['a', html`<br>`]}${undefined}${false}</p>`.text).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;&amp;</b>a<br></p>',
    )
  })

  it('keeps JSON from closing a script tag', () => {
    expect(jsonText({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}')
  })
})
