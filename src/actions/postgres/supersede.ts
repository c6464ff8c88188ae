import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgBinDir } from '../../postgres/pg-bin.js';
import type { ActionContext } from '../types.js';
import { runTool } from './run-tool.js';
import { RESTORE_MARKER } from './restore-layout.js';

/**
 * Stops copies that an earlier attempt of this same step of this same run left running (a
 * crash or a kill of pitstop during the restore, then "run again" on resume): the new copy
 * replaces them as `restored`, and nobody else knows they exist. Only directories whose
 * marker names this run and step are touched; their data stays for inspection.
 */
export async function stopEarlierCopies(ctx: Pick<ActionContext, 'commands' | 'signal' | 'log' | 'runId' | 'stepId'>, parent: string): Promise<string[]> {
  const candidates = [
    ...listDirs(parent).filter((n) => n.startsWith(`${ctx.stepId}-`)).map((n) => join(parent, n)),
    ...listDirs(tmpdir()).filter((n) => n.startsWith(`pitstop-restore-${ctx.stepId}-`)).map((n) => join(tmpdir(), n)),
  ];
  const stopped: string[] = [];
  for (const dir of candidates) {
    const marker = readMarker(join(dir, RESTORE_MARKER));
    const dataDir = join(dir, 'data');
    if (marker?.run_id !== ctx.runId || marker.step_id !== ctx.stepId || !existsSync(join(dataDir, 'postmaster.pid'))) continue;
    ctx.log(`an earlier attempt of this step left a copy running in ${dataDir}: stopping it (its files stay)`);
    await runTool(ctx, [join(pgBinDir(), 'pg_ctl'), '-D', dataDir, '-m', 'fast', '-w', 'stop'], 'pg_ctl stop', { asPostgres: true, okCodes: [1, 3] });
    stopped.push(dataDir);
  }
  return stopped;
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function readMarker(path: string): { run_id?: string; step_id?: string } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { run_id?: string; step_id?: string };
  } catch {
    return null;
  }
}
