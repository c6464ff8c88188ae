import type { Choice } from './ChoicePrompt.js';
import { actionOf } from './keymap.js';
import { CHANGED_KEYS } from './keymaps.js';
import { useKeys } from './use-keys.js';
import { useList, type ListControl } from './use-list.js';

const NO_CONTEXT = { log: false, skippable: false };

/**
 * The keys of a question answered from a list before a run goes on (the runbook was edited, the
 * runbook cannot start yet): ↑↓ and Enter or a number pick, Esc answers `cancel`, Ctrl+C quits.
 * The highlight starts again at the top when `question` changes.
 */
export function useQuestion<T extends string>(question: unknown, choices: readonly Choice<T>[], cancel: T, on: { choose(choice: T): void; quit(): void }): ListControl {
  const list = useList(choices.length, choices.length, question);
  useKeys(
    (press) => {
      switch (actionOf(CHANGED_KEYS, press, NO_CONTEXT)) {
        case 'list':
        case 'choose': {
          const picked = list.press(press);
          if (picked !== null) on.choose(choices[picked]!.value);
          return;
        }
        case 'cancel':
          return on.choose(cancel);
        case 'quit':
          return on.quit();
        default:
          return;
      }
    },
    { mode: 'changed' },
  );
  return list;
}
