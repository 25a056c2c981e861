import { type Html, html } from './html.js'

export interface LayoutOptions {
  title: string
  live: boolean
  active: 'request' | 'preferences'
  script: string
  content: Html
}

export function layout(options: LayoutOptions): Html {
  const link = (href: string, label: string, page: LayoutOptions['active']) =>
    html`<a href="${href}"${options.active === page ? html` aria-current="page"` : ''}>${label}</a>`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · External Vault demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/styles.css">
<script type="module" src="/assets/${options.script}"></script>
</head>
<body>
<header class="top">
  <span class="brand">External Vault demo</span>
  <nav>${link('/', 'Request', 'request')}${link('/preferences', 'Preferences', 'preferences')}</nav>
  ${
    options.live
      ? html`<span class="mode live" title="Requests go to the real vault services">Live vaults</span>`
      : html`<span class="mode mock" title="The vault APIs are msw mocks inside the demo server">Mocked vaults</span>`
  }
</header>
<main>
${options.content}
</main>
</body>
</html>
`
}
