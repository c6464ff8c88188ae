import { Box } from 'ink';
import type { RunActions } from '../runner/run-controller.js';
import type { RunView } from '../runner/run-view.js';
import { ChoicePrompt, type Choice } from './ChoicePrompt.js';
import { ConfirmBox } from './ConfirmBox.js';
import { GatePrompt } from './GatePrompt.js';
import type { RunMode } from './keys.js';
import { NotePrompt } from './NotePrompt.js';
import type { ListCursor } from './list-cursor.js';
import { ParamsForm } from './ParamsForm.js';
import type { RunChoice } from './run-choices.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface RunPromptProps {
  view: RunView;
  mode: RunMode;
  act: RunActions;
  /** The answers of a failed or interrupted step (`runChoices`), and their highlight. */
  choices: readonly Choice<RunChoice>[];
  cursor: ListCursor;
}

/** The question the run is waiting on, or how it ended. */
export function RunPrompt({ view, mode, act, choices, cursor }: RunPromptProps) {
  const { phase } = view;
  if (phase.kind === 'over') {
    const ok = phase.end.kind === 'finished';
    return (
      <Box flexDirection="column">
        <Text bold color={ok ? tone('ok') : tone('warn')}>
          {ok ? '✓' : '■'} {phase.end.summary}
        </Text>
        <Text color={tone('muted')}>{phase.end.next}</Text>
      </Box>
    );
  }
  if (mode === 'confirm-pause') {
    return <ConfirmBox question="Pause the run now?" detail="The running step is stopped; on resume, pitstop asks what to do with it unless it is safe to repeat." />;
  }
  if (mode === 'confirm-abort') {
    return <ConfirmBox question="Abort the run?" detail="It ends here and cannot be resumed. The journal and the report keep everything done so far." />;
  }
  if (phase.kind === 'failed') {
    return (
      <ChoicePrompt
        title={`✗ step ${phase.stepId} failed`}
        detail={`${phase.error}${phase.skippable ? '' : '\n(it changes the target: it cannot be skipped)'}`}
        titleTone="bad"
        choices={choices}
        cursor={cursor}
        focus={mode === 'failed'}
      />
    );
  }
  if (phase.kind !== 'asking') return null;
  const ask = phase.ask;
  switch (ask.type) {
    case 'ask-gate':
      return <GatePrompt ask={ask} onTyped={(answer) => act.gate(true, answer)} />;
    case 'ask-input':
      return (
        <ParamsForm
          key={JSON.stringify(ask.errors ?? {})}
          title={`Input for ${ask.stepId}`}
          specs={ask.params}
          {...(ask.errors ? { errors: ask.errors } : {})}
          onSubmit={(values) => act.input(values)}
          onCancel={() => act.requestPause()}
          submitLabel="send"
          cancelLabel="pause"
        />
      );
    case 'ask-manual':
      // The step's title and body are shown just above (the step in focus): not twice.
      return <NotePrompt title="Your turn: do this step, then mark it done." editing={mode === 'manual-note'} onDone={(note) => act.manual(note)} />;
    case 'ask-interrupted':
      if (mode === 'interrupted-note') {
        return <NotePrompt title={`Mark ${ask.stepId} done`} body="Only if you checked that it did what it should." editing onDone={(note) => act.interrupted('mark-done', note)} />;
      }
      return (
        <ChoicePrompt
          title={`! step ${ask.stepId} was interrupted while it ran${ask.reached ? `, after its stage ${ask.reached}` : ''}`}
          detail={
            ask.reached
              ? `Running it again continues from ${ask.reached}: the stages done are not repeated.`
              : ask.repeatable
                ? 'It is safe to repeat.'
                : 'It is not safe to repeat blindly: check what it did first.'
          }
          titleTone="warn"
          choices={choices}
          cursor={cursor}
          focus={mode === 'interrupted'}
        />
      );
  }
}
