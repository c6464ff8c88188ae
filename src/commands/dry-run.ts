// Every action's spec, for the engine: what a journal or a plan names is not known before reading it.
import '../actions/all-specs.js';
import type { CliArgs } from '../cli-args.js';
import { loadConfig } from '../config/load.js';
import { pitstopHome } from '../config/home.js';
import { targetView } from '../config/sandbox.js';
import { planRun } from '../engine/plan.js';
import { placeholder } from '../engine/plan-args.js';
import { EXIT } from '../errors.js';
import { resolveRunbook } from '../runbook/discover.js';
import { resolveParams, secretParamNames, timestampInUtc } from '../runbook/params.js';
import { targetParamValues } from '../runbook/target-params.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import { chooseTarget } from '../runner/target-choice.js';
import { exampleFor } from '../config/target-examples.js';
import { missingRequirements } from '../runner/target-requires.js';
import { createRedactor } from '../util/redact.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/**
 * `--dry-run`: every step resolved with the given parameters, the exact command or query it
 * would run and the gate in front of it. Nothing is run, nothing is journaled.
 */
export async function dryRun(args: CliArgs): Promise<number> {
  const loaded = resolveRunbook(args.positionals[0] ?? '', runbookDirs(args));
  const targets = loadConfig({ file: args.config, home: pitstopHome() });
  const target = chooseTarget(targets, args.target, loaded.runbook);
  const fromTarget = targetParamValues(loaded.runbook, target, { given: args.set, file: targets.file, locate: targets.locate });
  const { values, missing } = resolveParams(loaded.runbook.params, args.set, fromTarget);
  const params = { ...values };
  for (const name of missing) params[name] = placeholder(`params.${name}: not set`);
  const redactor = createRedactor([...target.secrets, ...secretParamNames(loaded.runbook.params).map((n) => String(values[n] ?? ''))]);
  const plan = planRun(loaded.runbook, targetView(target), params, { id: '<run id>', started_at: '<run start>' });

  if (args.json) {
    process.stdout.write(`${terminalJson(redactor.deep({ runbook: loaded.runbook.id, target: target.name, steps: plan }), 2)}\n`);
    return EXIT.ok;
  }
  const out: string[] = [`dry run · ${loaded.runbook.title} · target ${target.name} (${target.engine}) · nothing will run`];
  // Where each value comes from, by precedence: --set, then the target's params:, then the runbook.
  const from = (name: string) => (Object.hasOwn(args.set, name) ? '--set' : Object.hasOwn(fromTarget, name) ? `target ${target.name}` : 'runbook default');
  const utc = (name: string, value: unknown) => (loaded.runbook.params?.[name]?.type === 'timestamp' ? ` (${timestampInUtc(String(value)) ?? '?'})` : '');
  const shown = Object.entries(values).map(([name, value]) => `${name} = ${String(value)}${utc(name, value)} (${from(name)})`);
  if (shown.length > 0) out.push(`parameters: ${shown.join(' · ')}`);
  plan.forEach((step, i) => {
    out.push(`${i + 1}. ${step.id} — ${step.title} [${step.kind}]`);
    if (step.when) out.push(`   when: ${step.when}`);
    for (const c of step.conditions ?? []) out.push(`     where ${c.name} = ${c.expr}`);
    if (step.gate) out.push(`   gate: ${step.gate.type === 'typed' ? `typed, phrase "${step.gate.phrase}"` : 'confirm'}`);
    if (step.preview) {
      out.push(`   ${step.preview.summary}${step.preview.touches.writes ? ' — WRITES' : ''}`);
      for (const line of step.preview.lines) out.push(`     ${line}`);
    }
    if (step.note) out.push(`   note: ${step.note}`);
  });
  if (missing.length > 0) out.push(`parameters not set: ${missing.join(', ')} (pass --set)`);
  for (const key of missingRequirements(loaded.runbook, targetView(target))) {
    out.push(`target ${target.name} lacks ${key}: a run would stop at preflight (add to pitstop.yaml, e.g. ${exampleFor(key)})`);
  }
  process.stdout.write(terminalText(redactor.text(out.join('\n'))) + '\n');
  return EXIT.ok;
}
