import fs from 'node:fs';
import path from 'node:path';
import type { FileAnswer, WorkspaceFiles } from '../../../src/workspace/files';

/**
 * An in-memory workspace for the version-pin tests: `files` maps absolute '/'-separated paths to their text
 * (a value of 'pending' answers pending, as an asynchronous front end does before a file is loaded). Directories
 * are implied by the paths. Reads and listings are counted, to check the walk stays bounded.
 */
export class MemoryFiles implements WorkspaceFiles {
  readonly reads: string[] = [];
  readonly lists: string[] = [];
  private readonly files: Map<string, string>;

  constructor(readonly root: string, readonly filePath: string, files: Record<string, string>, private readonly pendingDirs: ReadonlySet<string> = new Set()) {
    this.files = new Map(Object.entries(files));
  }

  read(path: string): FileAnswer {
    this.reads.push(path);
    if (path !== this.root && !path.startsWith(this.root === '/' ? '/' : `${this.root}/`)) return { kind: 'outside' };
    const text = this.files.get(path);
    if (text === undefined) return { kind: 'missing' };
    if (text === 'pending') return { kind: 'pending' };
    return { kind: 'text', text, path };
  }

  list(dir: string): string[] | 'pending' | undefined {
    this.lists.push(dir);
    if (this.pendingDirs.has(dir)) return 'pending';
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split('/')[0]);
    }
    return names.size ? [...names] : undefined;
  }
}

/** test/fixtures/pin-files: pin files and recipes written for these tests (README.md). */
export const PINS = path.resolve(__dirname, '../../../../test/fixtures/pin-files');

/** A fixture folder as an in-memory workspace rooted at /repo. */
export function fixtureWorkspace(folder: string, config: string): MemoryFiles {
  const files: Record<string, string> = {};
  const base = path.join(PINS, folder);
  for (const name of fs.readdirSync(base, { recursive: true }) as string[]) {
    const full = path.join(base, name);
    if (fs.statSync(full).isFile()) files[`/repo/${name.split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
  }
  return new MemoryFiles('/repo', `/repo/${config}`, files);
}
