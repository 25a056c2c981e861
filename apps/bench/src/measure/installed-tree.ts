import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface InstalledTree {
  /** Every installed package by name (a name twice when npm nested two versions). */
  packages: string[]
  /** Apparent size of every file under node_modules. */
  bytes: number
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) total += await folderBytes(path)
    else total += (await lstat(path)).size
  }
  return total
}

/** Package folders under one node_modules, nested ones included (scoped names are two levels deep). */
async function packageFolders(nodeModules: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    const path = join(nodeModules, entry.name)
    const folders = entry.name.startsWith('@')
      ? (await readdir(path, { withFileTypes: true }))
          .filter((e) => e.isDirectory())
          .map((e) => join(path, e.name))
      : [path]
    for (const folder of folders) found.push(folder, ...(await packageFolders(join(folder, 'node_modules'))))
  }
  return found
}

/** What `npm install` put into `project/node_modules`: package names and bytes on disk. */
export async function installedTree(project: string): Promise<InstalledTree> {
  const nodeModules = join(project, 'node_modules')
  const packages: string[] = []
  for (const folder of await packageFolders(nodeModules)) {
    const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as { name?: string }
    if (manifest.name !== undefined) packages.push(manifest.name)
  }
  return { packages: packages.sort(), bytes: await folderBytes(nodeModules) }
}
