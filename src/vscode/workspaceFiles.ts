import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { MAX_CHAIN_BYTES, type FileAnswer, type WorkspaceFiles } from '../workspace/files';
import { isInside, normalizePath, utf8Length } from '../workspace/paths';

type Final = Exclude<FileAnswer, { kind: 'pending' }>;
type Listing = string[] | undefined;

/**
 * The files of the workspace folders as the analysis reads them (base files, version pins), through
 * `workspace.fs`, so that untrusted, remote and virtual workspaces work too. The analysis reads synchronously: a
 * file not loaded yet answers `pending` and starts loading; once it is in, `onDidLoad` fires and the analyses that
 * waited for it are made again. An open document's text (unsaved edits included) is preferred to the disk's.
 * Nothing outside the document's workspace folder is read, and a document outside every folder reads nothing.
 */
export class WorkspaceFileStore implements vscode.Disposable {
  private readonly answers = new Map<string, Final | 'loading'>();
  private readonly listings = new Map<string, Listing | 'loading'>();
  private readonly loaded = new vscode.EventEmitter<string[]>();
  /** paths ('/'-separated URI paths) whose answer has just arrived */
  readonly onDidLoad = this.loaded.event;
  private disposed = false;

  /** The workspace around `document`, or undefined when it lies in no workspace folder (the file is read alone). */
  filesFor(document: vscode.TextDocument): WorkspaceFiles | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const root = normalizePath(folder.uri.path);
    const uriOf = (path: string) => folder.uri.with({ path });
    return {
      filePath: normalizePath(document.uri.path),
      root,
      read: path => {
        const p = normalizePath(path);
        if (!isInside(root, p)) return { kind: 'outside' };
        const uri = uriOf(p);
        const known = this.answers.get(uri.toString());
        if (known === undefined) { this.load(uri, folder.uri); return { kind: 'pending' }; }
        if (known === 'loading') return { kind: 'pending' };
        if (known.kind !== 'text') return known;
        // the editor's text, unsaved edits included, once the file itself is known to be inside and small enough
        const open = openDocument(uri);
        if (!open) return known;
        const text = open.getText();
        const size = utf8Length(text);
        return size > MAX_CHAIN_BYTES ? { kind: 'tooLarge', size } : { kind: 'text', text, path: known.path };
      },
      list: dir => {
        const d = normalizePath(dir);
        if (!isInside(root, d)) return undefined;
        const uri = uriOf(d);
        const known = this.listings.get(uri.toString());
        if (known === undefined) { this.list(uri, folder.uri); return 'pending'; }
        return known === 'loading' ? 'pending' : known;
      },
    };
  }

  /** A file changed, appeared or went on disk: it is read again when next asked for. True when it had been read. */
  invalidate(uri: vscode.Uri): boolean {
    let known = false;
    const path = normalizePath(uri.path);
    for (const [key, answer] of this.answers) {
      if (key === uri.toString() || (answer !== 'loading' && answer.kind === 'text' && answer.path === path)) { this.answers.delete(key); known = true; }
    }
    // its directory's listing too (a requirements file created or deleted)
    const parent = uri.with({ path: path.slice(0, path.lastIndexOf('/')) || '/' }).toString();
    if (this.listings.delete(parent)) known = true;
    return known;
  }

  dispose(): void {
    this.disposed = true;
    this.loaded.dispose();
    this.answers.clear();
    this.listings.clear();
  }

  private load(uri: vscode.Uri, rootUri: vscode.Uri): void {
    const key = uri.toString();
    this.answers.set(key, 'loading');
    void readAnswer(uri, rootUri).then(answer => {
      if (this.disposed || this.answers.get(key) !== 'loading') return;
      this.answers.set(key, answer);
      this.loaded.fire(answer.kind === 'text' && answer.path !== normalizePath(uri.path) ? [normalizePath(uri.path), answer.path] : [normalizePath(uri.path)]);
    });
  }

  private list(uri: vscode.Uri, rootUri: vscode.Uri): void {
    const key = uri.toString();
    this.listings.set(key, 'loading');
    void readListing(uri, rootUri).then(names => {
      if (this.disposed || this.listings.get(key) !== 'loading') return;
      this.listings.set(key, names);
      this.loaded.fire([normalizePath(uri.path)]);
    });
  }
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
}

/**
 * Where `uri` really is, or undefined when that is outside the folder. On disk (`file:`) every symlink on the path
 * is resolved first; elsewhere (remote, virtual) a symlink cannot be resolved, so one is refused.
 */
async function realInside(uri: vscode.Uri, rootUri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'file') {
    const [real, realRoot] = await Promise.all([fs.promises.realpath(uri.fsPath), fs.promises.realpath(rootUri.fsPath)]);
    const path = normalizePath(vscode.Uri.file(real).path);
    return isInside(normalizePath(vscode.Uri.file(realRoot).path), path) ? path : undefined;
  }
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.SymbolicLink ? undefined : normalizePath(uri.path);
}

async function readAnswer(uri: vscode.Uri, rootUri: vscode.Uri): Promise<Final> {
  try {
    const real = await realInside(uri, rootUri);
    if (real === undefined) return { kind: 'outside' };
    const stat = await vscode.workspace.fs.stat(uri);
    if (!(stat.type & vscode.FileType.File)) return { kind: 'missing' };
    // the size before the read: a large file is never loaded
    if (stat.size > MAX_CHAIN_BYTES) return { kind: 'tooLarge', size: stat.size };
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { kind: 'text', text: new TextDecoder().decode(bytes), path: real };
  } catch {
    // not there (FileNotFound), or not readable: either way there is nothing to merge
    return { kind: 'missing' };
  }
}

async function readListing(uri: vscode.Uri, rootUri: vscode.Uri): Promise<Listing> {
  try {
    if (await realInside(uri, rootUri) === undefined) return undefined;
    return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name).sort();
  } catch {
    return undefined;
  }
}
