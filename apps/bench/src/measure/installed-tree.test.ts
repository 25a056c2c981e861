import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installedTree } from './installed-tree.js'

let project: string | undefined

async function fakePackage(folder: string, name: string, bytes: number): Promise<void> {
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name }))
  await writeFile(join(folder, 'index.js'), 'x'.repeat(bytes))
}

afterEach(async () => {
  if (project !== undefined) await rm(project, { recursive: true, force: true })
})

describe('installedTree', () => {
  it('counts top-level, scoped and nested packages and adds up every byte', async () => {
    project = await mkdtemp(join(tmpdir(), 'bench-tree-'))
    const modules = join(project, 'node_modules')
    await fakePackage(join(modules, 'lru-cache'), 'lru-cache', 100)
    await fakePackage(join(modules, '@external-vault', 'core'), '@external-vault/core', 200)
    await fakePackage(join(modules, '@external-vault', 'core', 'node_modules', 'lru-cache'), 'lru-cache', 50)
    // npm's own bookkeeping is not a package, but its bytes are installed.
    await mkdir(join(modules, '.bin'))
    await writeFile(join(modules, '.package-lock.json'), '{}')

    const tree = await installedTree(project)
    expect(tree.packages).toEqual(['@external-vault/core', 'lru-cache', 'lru-cache'])
    const manifests = ['lru-cache', '@external-vault/core', 'lru-cache'].reduce(
      (sum, name) => sum + JSON.stringify({ name }).length,
      0,
    )
    expect(tree.bytes).toBe(100 + 200 + 50 + manifests + 2)
  })

  it('finds nothing in a project without node_modules', async () => {
    project = await mkdtemp(join(tmpdir(), 'bench-tree-'))
    await mkdir(join(project, 'node_modules'))
    expect(await installedTree(project)).toEqual({ packages: [], bytes: 0 })
  })
})
