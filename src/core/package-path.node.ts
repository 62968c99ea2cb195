import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding iofold's package.json, found from this module (in src/ or in dist/). */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();

/**
 * A path inside the package (migrations, the dashboard build, the sandbox runner), the same
 * whether the code runs from the TypeScript sources or from the compiled dist/.
 */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
