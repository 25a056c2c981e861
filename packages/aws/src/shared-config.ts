import type { AwsProfileCredential } from './aws-credential.js'
import { homePath, nodeFs } from './node-builtins.js'

/** Top-level settings of each section of a shared config or credentials file, by section name. */
function sections(text: string): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  for (const line of text.split(/\r?\n/)) {
    // Indented lines are nested settings (such as "s3 =\n  addressing_style = path"), not the profile's own.
    if (/^\s/.test(line) && line.trim() !== '') continue
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue
    const header = /^\[([^[\]]+)\]$/.exec(trimmed)
    if (header !== null) {
      const name = (header[1] as string).trim().replace(/\s+/g, ' ')
      current = result.get(name) ?? new Map()
      result.set(name, current)
      continue
    }
    const equals = trimmed.indexOf('=')
    if (current !== undefined && equals > 0) {
      current.set(trimmed.slice(0, equals).trim().toLowerCase(), trimmed.slice(equals + 1).trim())
    }
  }
  return result
}

async function readOptional(path: string): Promise<string> {
  try {
    return await nodeFs().promises.readFile(path, 'utf8')
  } catch {
    // A missing or unreadable file has no settings; the SDK reports the file itself when it needs the keys.
    return ''
  }
}

export interface ProfileSettings {
  region?: string
  /** The profile signs in through IAM Identity Center (sso_session or the legacy sso_* settings). */
  sso: boolean
}

const SSO_SETTINGS = ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region']

/**
 * A profile's settings as the SDK merges them: its `[profile name]` section of the config file
 * (`[default]` for the default profile), overridden by its `[name]` section of the credentials file.
 */
export async function readProfile(credential: AwsProfileCredential): Promise<ProfileSettings> {
  const credentialsFile =
    credential.credentialsFile ?? process.env.AWS_SHARED_CREDENTIALS_FILE ?? homePath('.aws', 'credentials')
  const configFile = credential.configFile ?? process.env.AWS_CONFIG_FILE ?? homePath('.aws', 'config')
  const [credentialsText, configText] = await Promise.all([
    readOptional(credentialsFile),
    readOptional(configFile),
  ])
  const { profile } = credential
  const config = sections(configText)
  const settings = new Map([
    ...(config.get(`profile ${profile}`) ??
      (profile === 'default' ? config.get('default') : undefined) ??
      []),
    ...(sections(credentialsText).get(profile) ?? []),
  ])
  const region = settings.get('region')
  return {
    ...(region === undefined || region === '' ? {} : { region }),
    sso: SSO_SETTINGS.some((name) => settings.has(name)),
  }
}
