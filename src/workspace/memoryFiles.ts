import { MAX_CHAIN_BYTES, type FileAnswer, type WorkspaceFiles } from './files';
import { basenameOf, dirnameOf, isInside, normalizePath, utf8Length } from './paths';

/**
 * A workspace held in memory, for tests: files by absolute path, symlinks (path → target, resolved as the
 * file system would, before the inside-the-root check) and paths that answer `pending` until `load()`.
 */
export class MemoryFiles implements WorkspaceFiles {
  readonly root: string;
  readonly filePath: string;
  private readonly files: Map<string, string>;
  private readonly links: Map<string, string>;
  private readonly loading = new Set<string>();
  /** every path asked for, in order (to check that nothing outside the root is ever read) */
  readonly asked: string[] = [];

  constructor(files: Record<string, string>, options: { root: string; filePath: string; symlinks?: Record<string, string>; pending?: string[] }) {
    this.root = normalizePath(options.root);
    this.files = new Map(Object.entries(files).map(([path, text]) => [normalizePath(path), text]));
    this.links = new Map(Object.entries(options.symlinks ?? {}).map(([path, target]) => [normalizePath(path), normalizePath(target)]));
    for (const path of options.pending ?? []) this.loading.add(normalizePath(path));
    this.filePath = this.realPath(normalizePath(options.filePath)) ?? normalizePath(options.filePath);
  }

  /** A pending file has arrived. */
  load(path: string): void {
    this.loading.delete(normalizePath(path));
  }

  set(path: string, text: string): void {
    this.files.set(normalizePath(path), text);
  }

  read(path: string): FileAnswer {
    const asked = normalizePath(path);
    this.asked.push(asked);
    if (!isInside(this.root, asked)) return { kind: 'outside' };
    const real = this.realPath(asked);
    if (real === undefined) return { kind: 'missing' };
    if (!isInside(this.root, real)) return { kind: 'outside' };
    if (this.loading.has(asked) || this.loading.has(real)) return { kind: 'pending' };
    const text = this.files.get(real);
    if (text === undefined) return { kind: 'missing' };
    const size = utf8Length(text);
    if (size > MAX_CHAIN_BYTES) return { kind: 'tooLarge', size };
    return { kind: 'text', text, path: real };
  }

  list(dir: string): string[] | undefined {
    const d = normalizePath(dir);
    if (!isInside(this.root, d)) return undefined;
    const names = new Set<string>();
    for (const path of [...this.files.keys(), ...this.links.keys()]) if (dirnameOf(path) === d) names.add(basenameOf(path));
    return [...names].sort();
  }

  /** The path with every symlink on it resolved (at most 40 hops, as Linux's ELOOP); undefined on a loop. */
  private realPath(path: string): string | undefined {
    let current = path;
    for (let hops = 0; hops < 40; hops++) {
      const parts = current.split('/');
      let changed = false;
      for (let i = 2; i <= parts.length; i++) {
        const prefix = parts.slice(0, i).join('/');
        const target = this.links.get(prefix);
        if (target !== undefined) {
          current = normalizePath([target, ...parts.slice(i)].join('/'));
          changed = true;
          break;
        }
      }
      if (!changed) return current;
    }
    return undefined;
  }
}
