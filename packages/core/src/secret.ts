/** What stands in place of a secret wherever one would be shown. */
export const MASK = '••••••'

const MARKER = Symbol.for('external-vault.Secret')
// The symbol util.inspect looks for, taken from the registry so importing core does not load node:util.
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * A secret credential field (secret access key, token, private key…).
 * It prints as the mask in `String()`, `JSON.stringify` and `util.inspect`; only `reveal()` gives the value,
 * so a credential object can be logged, listed or sent to a browser without leaking.
 */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
    Object.defineProperty(this, MARKER, { value: true })
  }

  static isInstance(value: unknown): value is Secret {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return MASK
  }

  toJSON(): string {
    return MASK
  }

  [INSPECT](): string {
    return `Secret(${MASK})`
  }
}

export function secret(value: string): Secret {
  return new Secret(value)
}
