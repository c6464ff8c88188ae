import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { EXIT, UsageError } from '../errors.js';
import { sendNotifications } from '../notify/send.js';
import { overallHealth } from '../status/assess.js';
import { configuredStatus } from '../status/fleet.js';
import { metricsHistory } from '../status/history.js';
import { metricsText, writeMetricsFile } from '../status/metrics.js';
import { formatStatus } from '../status/format.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/**
 * `pitstop status [--target NAME] [--json] [--metrics-file FILE]`: backup health per target
 * (product spec §9). Exit 0 only when every target is ok, 1 otherwise (for cron). A status
 * that is not ok is posted to the `notify:` hooks that want `status-warn`.
 */
export async function statusCommand(args: CliArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`status takes no arguments (got ${args.positionals.join(' ')})`, { hint: 'Use --target NAME for one target.' });
  const home = pitstopHome();
  const { statuses, notify } = await configuredStatus({ ...(args.config === undefined ? {} : { config: args.config }), ...(args.target === undefined ? {} : { target: args.target }), home });
  if (args.metricsFile) writeMetricsFile(args.metricsFile, metricsText(statuses, await metricsHistory(home)));
  const health = overallHealth(statuses);
  if (args.json) process.stdout.write(`${terminalJson({ health, targets: statuses }, 2)}\n`);
  else process.stdout.write(terminalText(formatStatus(statuses)));
  if (health !== 'ok' && notify.length > 0) {
    const bad = statuses.filter((s) => s.health !== 'ok');
    const failures = await sendNotifications(notify, {
      kind: 'status-warn',
      at: new Date().toISOString(),
      target: bad.map((s) => s.target).join(', '),
      summary: bad.map((s) => `${s.target} ${s.health}: ${s.checks.filter((c) => c.health !== 'ok').map((c) => `${c.name} ${c.detail}`).join('; ')}`).join(' | '),
      command: 'pitstop status',
    });
    for (const f of failures) process.stderr.write(terminalText(`pitstop: notification ${f.hook} not delivered: ${f.error}\n`));
  }
  return health === 'ok' ? EXIT.ok : EXIT.unhealthy;
}
