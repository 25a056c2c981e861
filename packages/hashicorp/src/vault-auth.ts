import { secret } from '@external-vault/core'
import { CachedToken, type IssuedToken, refreshTime, StaticToken, type TokenSource } from './cached-token.js'
import type { AppRoleAuth, OnPremisesCredential } from './credential.js'
import { responseError, unexpectedBody } from './error-mapping.js'
import type { HttpClient } from './http-client.js'
import {
  credentialSecrets,
  encodePath,
  type VaultSession,
  vaultGet,
  vaultHeaders,
  vaultUrl,
} from './vault-session.js'

const LOGIN_ADVICE =
  'Check roleId and secretId (a secret ID can expire or run out of uses), and auth.mount ("approle" unless the method was enabled at another path).'

/**
 * `POST /v1/auth/<mount>/login` with `{role_id, secret_id}` → `{auth: {client_token, lease_duration, …}}`.
 * Shape from https://developer.hashicorp.com/vault/api-docs/auth/approle ("Login with AppRole").
 */
async function appRoleLogin(
  credential: OnPremisesCredential,
  auth: AppRoleAuth,
  http: HttpClient,
): Promise<IssuedToken> {
  const issuedAt = Date.now()
  const path = `auth/${encodePath(auth.mount)}/login`
  // The login runs on its own signal: it is shared by every waiting caller, and the client times it out.
  const response = await http.send(
    {
      method: 'POST',
      url: vaultUrl(credential, path),
      headers: { ...vaultHeaders(credential), 'content-type': 'application/json' },
      body: JSON.stringify({ role_id: auth.roleId.reveal(), secret_id: auth.secretId.reveal() }),
    },
    new AbortController().signal,
  )
  if (response.status !== 200) {
    throw responseError(response, {
      service: 'Vault',
      action: `to the AppRole login at ${path}`,
      secrets: credentialSecrets(credential),
      // Vault answers a wrong role or secret ID with 400; none of these is the reference's fault.
      codes: { 400: 'AUTHENTICATION_FAILED', 403: 'AUTHENTICATION_FAILED', 404: 'AUTHENTICATION_FAILED' },
      advice: { unauthenticated: LOGIN_ADVICE },
    })
  }
  const login = (response.json as { auth?: { client_token?: unknown; lease_duration?: unknown } } | undefined)
    ?.auth
  if (typeof login?.client_token !== 'string' || login.client_token === '') {
    throw unexpectedBody('Vault', `the AppRole login at ${path}`)
  }
  const lease = typeof login.lease_duration === 'number' ? login.lease_duration : 0
  return { value: secret(login.client_token), refreshAt: refreshTime(issuedAt, lease) }
}

/** The token as given, or an AppRole login kept until shortly before its lease ends. */
export function vaultTokenSource(credential: OnPremisesCredential, http: HttpClient): TokenSource {
  const { auth } = credential
  if (auth.method === 'token') return new StaticToken(auth.token)
  return new CachedToken(() => appRoleLogin(credential, auth, http))
}

/**
 * "Test connection": `GET /v1/auth/token/lookup-self` for a token (the default policy allows it;
 * https://developer.hashicorp.com/vault/api-docs/auth/token), a fresh login for AppRole.
 */
export async function testVaultCredential(session: VaultSession, signal: AbortSignal): Promise<void> {
  const { tokens, credential } = session
  if (tokens instanceof CachedToken) {
    await tokens.refresh(signal)
    return
  }
  const response = await vaultGet(session, 'auth/token/lookup-self', '', signal)
  if (response.status !== 200) {
    throw responseError(response, {
      service: 'Vault',
      action: `to a token lookup (auth/token/lookup-self) at ${credential.address}`,
      secrets: credentialSecrets(credential),
      advice: {
        unauthenticated:
          'The token is mistyped, expired or revoked. Create a new one (vault token create) and update the credential.',
        forbidden:
          'The token works but may not look itself up; give it the "default" policy, or ignore this test.',
      },
    })
  }
}
