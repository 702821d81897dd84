import { existsSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { join } from "node:path"

/** Every file under `dir` (recursively) whose name `matches` accepts; none when `dir` does not exist. */
export async function findFiles(dir, matches) {
  if (!existsSync(dir)) return []
  const found = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await findFiles(path, matches)))
    else if (matches(entry.name)) found.push(path)
  }
  return found
}
