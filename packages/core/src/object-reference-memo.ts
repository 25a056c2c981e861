const VALUE = Symbol('value')

type TrieNode<T> = Map<unknown, TrieNode<T>> & { [VALUE]?: T }

/**
 * A memo keyed by an object reference's fields and values, without building a key string:
 * `{ provider: 'aws', credential: 'prod', secret: 'db' }` walks provider → 'aws' → credential → …
 * Map lookups on the field names and values are cheap, so a cache hit through a new object literal
 * each call (the usual way code passes object references) costs a few lookups, not a JSON.stringify.
 * Objects with a non-primitive value are not memoised. Bounded by clearing: an entry is cheap to rebuild.
 */
export class ObjectReferenceMemo<T> {
  #root: TrieNode<T> = new Map()
  #size = 0
  readonly #max: number

  constructor(max: number) {
    this.#max = max
  }

  #walk(reference: object, create: boolean): TrieNode<T> | undefined {
    let node = this.#root
    for (const field in reference) {
      const value = (reference as Record<string, unknown>)[field]
      if (typeof value === 'object' && value !== null) return undefined
      for (const step of [field, value]) {
        let next = node.get(step)
        if (next === undefined) {
          if (!create) return undefined
          next = new Map()
          node.set(step, next)
        }
        node = next
      }
    }
    return node
  }

  get(reference: object): T | undefined {
    return this.#walk(reference, false)?.[VALUE]
  }

  set(reference: object, value: T): void {
    if (this.#size >= this.#max) {
      this.#root = new Map()
      this.#size = 0
    }
    const node = this.#walk(reference, true)
    if (node === undefined) return
    if (node[VALUE] === undefined) this.#size++
    node[VALUE] = value
  }
}
