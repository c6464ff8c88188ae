import { Box } from 'ink';
import { gateFacts } from '../engine/gate-evidence.js';
import type { FailureChoice } from '../engine/types.js';
import type { RunActions } from '../runner/run-controller.js';
import type { RunView } from '../runner/run-view.js';
import { ChoicePrompt } from './ChoicePrompt.js';
import { ConfirmBox } from './ConfirmBox.js';
import { GatePrompt } from './GatePrompt.js';
import type { RunMode } from './keys.js';
import { NotePrompt } from './NotePrompt.js';
import { ParamsForm } from './ParamsForm.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

const FAILURE_LABELS: Record<FailureChoice, string> = { retry: 'Retry the step', skip: 'Skip it and go on', abort: 'Abort the run' };

export interface RunPromptProps {
  view: RunView;
  mode: RunMode;
  act: RunActions;
  setNote(open: boolean): void;
  setAbortOf(which: 'failure' | 'interrupted' | null): void;
  openLog(): void;
  /** Stop this run (resumable) and open the runbook that provides what a step needs. */
  onRunFirst?(runbookId: string): void;
}

/** The question the run is waiting on, or how it ended. */
export function RunPrompt({ view, mode, act, setNote, setAbortOf, openLog, onRunFirst }: RunPromptProps) {
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
    // The engine's choices, in its order: skip is there only where the step may be skipped.
    // A step that cannot run yet may offer first the runbook that provides what it needs.
    const status = view.state.steps[phase.stepId]?.status;
    const notYet = status?.kind === 'failed' && status.precondition === true;
    const runFirst = notYet && onRunFirst ? status.runFirst : undefined;
    const choices: { value: FailureChoice | 'log' | 'run-first'; label: string }[] = [
      ...(runFirst ? [{ value: 'run-first' as const, label: `Run ${runFirst} now (this run waits, resumable: come back to it and choose Retry)` }] : []),
      ...phase.choices.map((value) => ({ value, label: FAILURE_LABELS[value] })),
      ...(view.log ? [{ value: 'log' as const, label: 'Open its log' }] : []),
    ];
    return (
      <ChoicePrompt
        title={notYet ? `✗ step ${phase.stepId} cannot run yet (checked before its gate: nothing was approved or run)` : `✗ step ${phase.stepId} failed`}
        detail={`${phase.error}${phase.skippable ? '' : '\n(it changes the target: it cannot be skipped)'}`}
        titleTone="bad"
        choices={choices}
        focus={mode === 'failed'}
        onChoose={(choice) => {
          if (choice === 'run-first') {
            if (runFirst) onRunFirst?.(runFirst);
            return act.requestPause();
          }
          return choice === 'log' ? openLog() : choice === 'abort' ? setAbortOf('failure') : act.failure(choice);
        }}
      />
    );
  }
  if (phase.kind !== 'asking') return null;
  const ask = phase.ask;
  switch (ask.type) {
    case 'ask-gate':
      return <GatePrompt ask={ask} facts={gateFacts(view.state, ask.stepId)} onTyped={(answer) => act.gate(true, answer)} />;
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
      return <NotePrompt title={ask.title} {...(ask.body ? { body: ask.body } : {})} editing={mode === 'manual-note'} onDone={(note) => act.manual(note)} />;
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
          choices={[
            { value: 'mark-done' as const, label: 'I checked it: mark it done' },
            {
              value: 'rerun' as const,
              label: ask.reached ? `Continue from ${ask.reached} (asks you to type "${ask.rerunPhrase}")` : `Run it again (asks you to type "${ask.rerunPhrase}")`,
            },
            { value: 'abort' as const, label: 'Abort the run' },
          ]}
          focus={mode === 'interrupted'}
          onChoose={(choice) => (choice === 'mark-done' ? setNote(true) : choice === 'abort' ? setAbortOf('interrupted') : act.interrupted('rerun'))}
        />
      );
  }
}
