import type { Vault } from '@external-vault/core'
import type { ProviderRecipe } from '../rigs/rig.js'

/** In a child process: core and the provider package imported, the provider built, the vault holding the credential. */
export async function vaultFromRecipe(recipe: ProviderRecipe): Promise<Vault> {
  const { createVault } = await import('@external-vault/core')
  const providerModule = (await import(recipe.packageName)) as Record<string, unknown>
  const factory = providerModule[recipe.factory] as (settings: unknown) => never
  return createVault({ providers: [factory(recipe.settings)], credentials: [recipe.credential] })
}
