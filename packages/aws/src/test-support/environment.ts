/** Environment variables that steer the SDK's credential and region lookup; tests clear them and put them back. */
const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_EC2_METADATA_DISABLED',
  'HOME',
]

/** Clears the AWS variables (and points HOME at `home`), returning a function that restores them all. */
export function isolateEnvironment(home: string): () => void {
  const saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]))
  for (const name of AWS_VARIABLES) delete process.env[name]
  process.env.HOME = home
  // Never let the default chain fall through to instance metadata (a network call) in a test.
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
