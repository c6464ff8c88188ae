import { readSourceFile } from './read-source.js';
import { runbookFiles, type RunbookDirRef } from './runbook-index.js';

/** A runbook named by path (it has a slash or a .yaml/.yml ending) rather than by id. */
export function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.ya?ml$/.test(ref);
}

/**
 * The files whose top-level `id:` line names `id`, with their text, in discovery order
 * (unreadable files are passed over, as discovery does). Reading a line is cheap; loading
 * and checking every runbook to run one is not.
 */
export function* filesDeclaring(id: string, dirs: RunbookDirRef[]): Generator<{ file: string; source: string }> {
  for (const { dir } of dirs) {
    for (const file of runbookFiles(dir)) {
      let source: string;
      try {
        source = readSourceFile(file, 'runbook');
      } catch {
        continue;
      }
      if (declaredId(source) === id) yield { file, source };
    }
  }
}

/** The value of a top-level `id:` line, if the file has a plain one. */
function declaredId(text: string): string | undefined {
  return /^id:[ \t]*(["']?)([A-Za-z0-9_.-]+)\1[ \t]*(?:#.*)?$/m.exec(text)?.[2];
}
