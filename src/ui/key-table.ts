import type { Binding } from './keymap.js';
import { HOME_KEYS, RUN_KEYS } from './keymaps.js';

/** The screens and modes people meet, in the order the README's key table lists them. */
const SECTIONS: Array<[string, readonly Binding[]]> = [
  ['home', HOME_KEYS.home],
  ['home, filtering', HOME_KEYS['home-filter']],
  ['run: a step running', RUN_KEYS.working],
  ['confirmation gate', RUN_KEYS['gate-confirm']],
  ['typed gate', RUN_KEYS['gate-typed']],
  ['input step', RUN_KEYS.input],
  ['manual step', RUN_KEYS.manual],
  ['manual step, note', RUN_KEYS['manual-note']],
  ['failed step', RUN_KEYS.failed],
  ['interrupted step', RUN_KEYS.interrupted],
  ['pause question', RUN_KEYS['confirm-pause'].slice(0, 2)],
  ['log pager', RUN_KEYS.log],
  ['help', RUN_KEYS.help],
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The README's key table, generated from the keymaps the screens use: one row per mode, its
 * keys and what they do (a test keeps the README equal to this).
 */
export function keyTableMarkdown(): string {
  const rows = SECTIONS.map(([mode, bindings]) => {
    const keys = bindings.map((b) => `\`${cell(b.key)}\` ${cell(b.label)}${b.when === 'skippable' ? ' (where the runbook allows)' : b.when === 'log' ? ' (once there is one)' : ''}`);
    return `| ${mode} | ${keys.join(' · ')} |`;
  });
  return ['| where | keys |', '|---|---|', ...rows].join('\n');
}
