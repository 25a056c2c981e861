import { type IssuedToken, sendAuthorised, type TokenSource } from './cached-token.js'
import type { OnPremisesCredential } from './credential.js'
import type { HttpClient, HttpResponse } from './http-client.js'

/** Everything one on-premises credential needs between requests: its client, its token, its known mounts. */
export interface VaultSession {
  readonly credential: OnPremisesCredential
  readonly http: HttpClient
  readonly tokens: TokenSource
  /** Known mounts by path (an assumed one too, when the lookup was refused). */
  readonly mounts: Map<string, MountInfo>
  /** Mount lookups in flight, by the path asked about, so concurrent first reads of it ask once. */
  readonly lookups: Map<string, Promise<MountInfo>>
}

export interface MountInfo {
  /** The mount path without slashes, relative to the namespace. */
  readonly mount: string
  readonly engine: 'kv1' | 'kv2'
  /** True when the lookup was denied and KV v2 on the first segment was assumed. */
  readonly assumed: boolean
}

/** Percent-encodes each segment, so no character of a name can change the route. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** `<address>/v1/<path>`; the path is already encoded. */
export function vaultUrl(credential: OnPremisesCredential, encodedPath: string, query = ''): string {
  return `${credential.address}/v1/${encodedPath}${query === '' ? '' : `?${query}`}`
}

export function vaultHeaders(credential: OnPremisesCredential, token?: IssuedToken): Record<string, string> {
  return {
    accept: 'application/json',
    ...(credential.namespace === undefined ? {} : { 'x-vault-namespace': credential.namespace }),
    ...(token === undefined ? {} : { 'x-vault-token': token.value.reveal() }),
  }
}

/** The credential's secret values, to mask should the server ever echo one. */
export function credentialSecrets(credential: OnPremisesCredential): string[] {
  const { auth } = credential
  return auth.method === 'token' ? [auth.token.reveal()] : [auth.roleId.reveal(), auth.secretId.reveal()]
}

/** GET `<address>/v1/<path>` with the session's token (one re-login and retry on 403 for a login token). */
export function vaultGet(
  session: VaultSession,
  encodedPath: string,
  query: string,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const { credential, http } = session
  return sendAuthorised(
    session.tokens,
    403,
    (token) =>
      http.send(
        {
          method: 'GET',
          url: vaultUrl(credential, encodedPath, query),
          headers: vaultHeaders(credential, token),
        },
        signal,
      ),
    signal,
  )
}
