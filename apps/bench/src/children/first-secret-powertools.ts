/**
 * Runs in a fresh process: the same path to a first secret through Powertools' SecretsProvider.
 * stdin: JSON { aws: AwsEndpoint, secretId: string, expected: string }
 */
import { performance } from 'node:perf_hooks'
import type { AwsEndpoint } from '../rigs/powertools.js'
import { readInput } from './read-input.js'

const input = await readInput<{ aws: AwsEndpoint; secretId: string; expected: string }>()
const { createPowertools } = await import('../rigs/powertools.js')
const powertools = createPowertools(input.aws)
const value = await powertools.secrets.get(input.secretId)
const sinceStartMs = performance.now()
powertools.close()
process.stdout.write(`${JSON.stringify({ sinceStartMs, ok: value === input.expected })}\n`)
