import fs from 'node:fs';
import path from 'node:path';
import { MAX_CHAIN_BYTES, type FileAnswer, type WorkspaceFiles } from '../workspace/files';
import { isInside } from '../workspace/paths';

/** A native path as the service's '/'-separated one (`C:\x\y` → `C:/x/y`). */
function slashed(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The root the CLI reads base files and version pins under: `--root`, else the nearest directory above the file
 * (its own included) that holds `.git` (a directory, or a file in a worktree or submodule), else the current
 * directory when the file is inside it, else the file's own directory. Real paths, symlinks resolved.
 */
export function workspaceRoot(filePath: string, root?: string, cwd = process.cwd()): string {
  if (root !== undefined) return fs.realpathSync(root);
  const start = path.dirname(fs.realpathSync(filePath));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  // No repository (an unpacked archive, a copied configs/ folder): the directory the user runs lr-lens in is the
  // workspace, as the folder VS Code opens is, when the file lies inside it. A `_BASE_: ../Base-RCNN-FPN.yaml`
  // next door then resolves; a file elsewhere is read with its own directory only.
  const here = fs.realpathSync(cwd);
  return isInside(slashed(here), slashed(start)) ? here : start;
}

/**
 * The file system under `root`, for the CLI. Every path is resolved to its real path (symlinks followed) before it
 * is checked to lie inside the root, and a file's size is checked before it is read: nothing outside the root is
 * ever opened, and no file over MAX_CHAIN_BYTES is read.
 */
export class NodeFiles implements WorkspaceFiles {
  readonly filePath: string;
  readonly root: string;
  private readonly nativeRoot: string;

  constructor(filePath: string, root?: string) {
    this.nativeRoot = workspaceRoot(filePath, root);
    this.root = slashed(this.nativeRoot);
    this.filePath = slashed(fs.realpathSync(filePath));
  }

  read(file: string): FileAnswer {
    const native = path.resolve(file);
    // a path outside the root is not even resolved: realpath would touch it
    if (!isInside(this.root, slashed(native))) return { kind: 'outside' };
    let real: string;
    try {
      real = fs.realpathSync(native);
    } catch {
      return { kind: 'missing' };
    }
    if (!isInside(this.root, slashed(real))) return { kind: 'outside' };
    try {
      const stat = fs.statSync(real);
      if (!stat.isFile()) return { kind: 'missing' };
      if (stat.size > MAX_CHAIN_BYTES) return { kind: 'tooLarge', size: stat.size };
      return { kind: 'text', text: fs.readFileSync(real, 'utf8'), path: slashed(real) };
    } catch {
      return { kind: 'missing' };
    }
  }

  list(dir: string): string[] | undefined {
    const native = path.resolve(dir);
    if (!isInside(this.root, slashed(native))) return undefined;
    try {
      const real = fs.realpathSync(native);
      if (!isInside(this.root, slashed(real))) return undefined;
      return fs.readdirSync(real).sort();
    } catch {
      return undefined;
    }
  }
}
