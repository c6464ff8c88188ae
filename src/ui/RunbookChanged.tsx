import { Box } from 'ink';
import { Text } from './Text.js';
import type { RunbookChangePlan } from '../engine/runbook-change.js';
import { ChoicePrompt, type Choice } from './ChoicePrompt.js';
import { Footer } from './Footer.js';
import { footerOf } from './keymap.js';
import { CHANGED_KEYS } from './keymaps.js';
import { tone } from './theme.js';
import { useQuestion } from './use-question.js';

/** How the operator goes on with a run whose runbook was edited since it began. */
export type ChangedChoice = 'started' | 'edited' | 'edited-run-added' | 'cancel';

export interface RunbookChangedProps {
  message: string;
  plan: RunbookChangePlan;
  /** False for a run with no copy of the version it began with: only the edit or cancel. */
  canKeepStarted: boolean;
  onChoose(choice: ChangedChoice): void;
  /** Ctrl+C: leave without choosing. */
  onQuit(): void;
}

const NO_CONTEXT = { log: false, skippable: false };

/** What changed in the runbook (steps added / removed / changed), then the choice. */
export function RunbookChanged({ message, plan, canKeepStarted, onChoose, onQuit }: RunbookChangedProps) {
  const choices: Choice<ChangedChoice>[] = [
    ...(canKeepStarted ? [{ value: 'started' as const, label: 'go on with the version the run started with' }] : []),
    { value: 'edited', label: 'go on with the edited version (finished steps stay finished)' },
    ...(plan.canRunSkipped ? [{ value: 'edited-run-added' as const, label: `go on with the edited version, and run ${plan.skipped.join(', ')} first` }] : []),
    { value: 'cancel', label: 'cancel' },
  ];
  const list = useQuestion(message, choices, 'cancel', { choose: onChoose, quit: onQuit });
  const rows: Array<[string, string[]]> = [
    ['added', plan.added],
    ['removed', plan.removed],
    ['changed', plan.changed],
    ['renamed (keeps what it did)', Object.entries(plan.renamed).map(([to, from]) => `${from} → ${to}`)],
    ['skipped if accepted (added after the run passed this point)', plan.skipped],
  ];
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" paddingX={1}>
        {rows
          .filter(([, ids]) => ids.length > 0)
          .map(([label, ids]) => (
            <Text key={label} wrap="wrap">
              <Text color={tone('muted')}>{label}:</Text> {ids.join(', ')}
            </Text>
          ))}
      </Box>
      <ChoicePrompt title={message} titleTone="warn" choices={choices} cursor={list.cursor} focus />
      <Footer keys={footerOf(CHANGED_KEYS, NO_CONTEXT)} />
    </Box>
  );
}
