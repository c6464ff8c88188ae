import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appCommandAction, runAppCommand } from '../../../src/actions/app/app-command.js';
import type { Target } from '../../../src/config/schema.js';
import { makePgContext, pgTarget, runAction } from '../postgres/server-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pitstop-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context = (app: Target['app']) => makePgContext(pgTarget('postgresql://nobody@/none', { app }));

describe('app.X: one way to run the target\'s app commands', () => {
  it('the action runs the declared argv and gives its exit code and output', async () => {
    const { outputs } = await runAction(appCommandAction('migrate'), {}, context({ migrate: ['sh', '-c', 'echo migrated'] }));
    expect(outputs).toMatchObject({ exit_code: 0, stdout: 'migrated\n' });
  });

  it('a failing command says which app command, how it ended, its last words, and where to look', async () => {
    const error = await runAction(appCommandAction('health'), {}, context({ health: ['sh', '-c', 'echo "unhealthy: db down" >&2; exit 3'] })).catch((e: Error & { hint?: string }) => e);
    expect(String((error as Error).message)).toBe('app.health failed (exit 3): unhealthy: db down');
    expect((error as { hint?: string }).hint).toMatch(/app\.health in pitstop\.yaml/);
  });

  it('a program that cannot start names the app command', async () => {
    const error = await runAction(appCommandAction('stop'), {}, context({ stop: ['/nonexistent/stop-app'] })).catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/^app\.stop could not start: /);
  });

  it('an undeclared command: the action refuses with a hint, the helper says it did not run', async () => {
    const ctx = context({});
    await expect(runAction(appCommandAction('start'), {}, ctx)).rejects.toThrow(/has no app\.start command/);
    expect(await runAppCommand(ctx, 'start')).toBeNull();
  });

  it('retries a failing command when asked (a health check right after a start)', async () => {
    const count = join(dir, 'tries');
    const ctx = context({ health: ['sh', '-c', 'echo x >> "$0"; [ "$(wc -l < "$0")" -ge 2 ]', count] });
    const result = await runAppCommand(ctx, 'health', 3);
    expect(result?.exitCode).toBe(0);
    expect(readFileSync(count, 'utf8')).toBe('x\nx\n');
    expect(ctx.logged).toContain(`app.health: sh -c 'echo x >> "$0"; [ "$(wc -l < "$0")" -ge 2 ]' ${count} (try 2 of 3)`);
  });
});
