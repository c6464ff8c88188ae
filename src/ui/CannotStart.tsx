import { Box } from 'ink';
import { ChoicePrompt, type Choice } from './ChoicePrompt.js';
import { Footer } from './Footer.js';
import { footerOf } from './keymap.js';
import { CHANGED_KEYS } from './keymaps.js';
import { useQuestion } from './use-question.js';

/** How the operator goes on from a runbook refused before step 1. */
export type CannotStartChoice = 'run-first' | 'start-anyway' | 'back';

export interface CannotStartProps {
  /** Why (the step's precondition), and how to provide it. */
  reason: string;
  hint?: string;
  /** The runbook that provides what is missing, offered first. */
  runFirst?: string;
  onChoose(choice: CannotStartChoice): void;
  /** Ctrl+C: leave without choosing. */
  onQuit(): void;
}

const NO_CONTEXT = { log: false, skippable: false };

/**
 * A run refused before step 1 because a step's precondition cannot hold: the reason, then
 * "Run <runbook> now", "Start anyway" (the step is checked again when reached) and "Back".
 * The keys are those of the runbook-changed question: a list of answers, Esc to go back.
 */
export function CannotStart({ reason, hint, runFirst, onChoose, onQuit }: CannotStartProps) {
  const choices: Choice<CannotStartChoice>[] = [
    ...(runFirst ? [{ value: 'run-first' as const, label: `Run ${runFirst} now` }] : []),
    { value: 'start-anyway', label: 'Start anyway (the step is checked again when the run reaches it)' },
    { value: 'back', label: 'Back' },
  ];
  const list = useQuestion(reason, choices, 'back', { choose: onChoose, quit: onQuit });
  return (
    <Box flexDirection="column">
      <ChoicePrompt title={reason} {...(hint ? { detail: hint } : {})} titleTone="warn" choices={choices} cursor={list.cursor} focus />
      <Footer keys={footerOf(CHANGED_KEYS, NO_CONTEXT)} />
    </Box>
  );
}
