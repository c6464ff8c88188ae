import { Box } from 'ink';
import { useEffect, useState } from 'react';
import type { RunActions, RunController } from '../runner/run-controller.js';
import { CurrentStep } from './CurrentStep.js';
import { DoneSteps } from './DoneSteps.js';
import { Footer, footerLines } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { modeOf, type RunMode, type ScreenState } from './keys.js';
import { actionOf, bindingsNow, footerOf } from './keymap.js';
import { RUN_KEYS, type RunAction } from './keymaps.js';
import { runLayout } from './layout.js';
import { stepHeight } from './step-lines.js';
import { LogPager } from './LogPager.js';
import { OutputTail } from './OutputTail.js';
import { RunPrompt } from './RunPrompt.js';
import { runChoices } from './run-choices.js';
import { focusOf } from './run-focus.js';
import { headerHeight, RunHeader } from './RunHeader.js';
import { tone } from './theme.js';
import { useClock } from './use-clock.js';
import { useNowState } from './use-now-state.js';
import { useRun } from './use-run.js';
import { useTerminalSize } from './use-terminal-size.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';
import { useList } from './use-list.js';

/**
 * The run: finished steps above (printed once), then the header, the step in focus with its
 * command and live output, the question being asked, and the keys that work now.
 */
export function RunScreen({ controller, reserved = 0 }: { controller: RunController; /** Rows shown above the run by a screen around it (a drill's page). */ reserved?: number }) {
  const { view, act } = useRun(controller);
  const size = useTerminalSize();
  const columns = size.columns;
  const rows = Math.max(8, size.rows - reserved);
  const now = useClock(1000);
  const [overlay, overlayNow, setOverlay] = useNowState<ScreenState['overlay']>(null);
  const [note, noteNow, setNote] = useNowState(false);
  const [abortOf, abortOfNow, setAbortOf] = useNowState<'failure' | 'interrupted' | null>(null);
  const mode = modeOf(view, { overlay, note, confirmAbort: abortOf !== null });
  const askKey = view.phase.kind === 'asking' ? view.phase.ask : view.phase.kind;

  // A new question starts clean: no note field or abort question left open from the last one.
  useEffect(() => {
    setNote(false);
    setAbortOf(null);
  }, [askKey]);

  const keyContext = { log: view.log !== undefined && view.log !== null, skippable: view.phase.kind === 'failed' && view.phase.skippable };
  // The mode under the help: the help shows its keys.
  const [helpOf, setHelpOf] = useState<RunMode>('working');
  // The answers of a failed or interrupted step: a list this handler drives.
  const choices = runChoices(view);
  const list = useList(choices.length, choices.length, askKey);
  useKeys(
    (press) => {
      // The mode as the keys before this one in the burst left it.
      const modeNow = modeOf(view, { overlay: overlayNow.current, note: noteNow.current, confirmAbort: abortOfNow.current !== null });
      let action = actionOf(RUN_KEYS[modeNow], press, keyContext);
      if (action === 'list' || action === 'choose') {
        // A pick does what the answer's own key does (`r` retry, `m` mark done, …).
        const picked = list.press(press);
        action = picked === null ? null : (choices[picked]?.value ?? null);
      }
      if (action === null) return;
      perform(action, {
        act,
        openLog: () => view.log && setOverlay('log'),
        openHelp: () => {
          setHelpOf(modeNow);
          setOverlay('help');
        },
        closeOverlay: () => setOverlay(null),
        setNote,
        setAbortOf,
        abortOf: abortOfNow.current,
        mode: modeNow,
      });
    },
    { mode, epoch: askKey },
  );

  const focus = focusOf(view);
  const fields = view.phase.kind === 'asking' && view.phase.ask.type === 'ask-input' ? Object.keys(view.phase.ask.params).length : 0;
  const footerKeys = footerOf(RUN_KEYS[mode], keyContext);
  const layout = runLayout(rows, mode, { header: headerHeight(view.state, view.runId, columns), fields, footer: footerLines(footerKeys, columns), step: focus ? stepHeight(focus, columns) : 0 });
  const tail = focus ? view.tails[focus.step.id] : undefined;
  const showTail = tail && layout.tail > 0 && (focus?.status.kind === 'running' || focus?.status.kind === 'failed' || mode === 'working');

  return (
    <Box flexDirection="column">
      <DoneSteps items={view.done} order={view.state.order} width={columns} />
      {mode === 'log' && view.log ? (
        <LogPager file={view.log.file} title={`${view.log.stepId} (attempt ${view.log.attempt})`} height={rows - 2} width={columns} onClose={() => setOverlay(null)} />
      ) : mode === 'help' ? (
        <HelpOverlay title={`Keys (${helpOf})`} bindings={bindingsNow(RUN_KEYS[helpOf], keyContext)} footnote={`A paused run goes on with: pitstop resume ${view.runId}`} />
      ) : (
        <Box flexDirection="column" width={columns}>
          <RunHeader state={view.state} runId={view.runId} width={columns} ticking={view.phase.kind !== 'over'} />
          {focus && view.phase.kind !== 'over' ? <CurrentStep focus={focus} width={columns} now={now} /> : null}
          {showTail ? <OutputTail tail={tail} height={layout.tail} width={columns} /> : null}
          <RunPrompt view={view} mode={mode} act={act} choices={choices} cursor={list.cursor} />
          {view.pausing && view.phase.kind !== 'over' ? <Text color={tone('warn')}>pausing: stopping the running step…</Text> : null}
          {view.forced ? <Text color={tone('bad')}>leaving now…</Text> : null}
        </Box>
      )}
      <Footer keys={footerKeys} />
    </Box>
  );
}

interface Effects {
  act: RunActions;
  openLog(): void;
  openHelp(): void;
  closeOverlay(): void;
  setNote(open: boolean): void;
  setAbortOf(which: 'failure' | 'interrupted' | null): void;
  abortOf: 'failure' | 'interrupted' | null;
  mode: RunMode;
}

/** What each action of the run screen's keymap does; `field`, `list` and the log's own are done there. */
function perform(action: RunAction, c: Effects): void {
  switch (action) {
    case 'interrupt':
      return c.act.interrupt();
    case 'help':
      return c.openHelp();
    case 'close-help':
      return c.closeOverlay();
    case 'pause':
      return c.act.requestPause();
    case 'log':
      return c.openLog();
    case 'pause-yes':
    case 'pause-no':
      return c.act.confirmPause(action === 'pause-yes');
    case 'abort-yes':
      if (c.abortOf === 'failure') c.act.failure('abort');
      else c.act.interrupted('abort');
      return c.setAbortOf(null);
    case 'abort-no':
      return c.setAbortOf(null);
    case 'approve':
    case 'refuse':
      return c.act.gate(action === 'approve');
    case 'done':
      return c.act.manual();
    case 'note':
    case 'mark-done':
      return c.setNote(true);
    case 'note-back':
      return c.setNote(false);
    case 'rerun':
      return c.act.interrupted('rerun');
    case 'abort':
      return c.setAbortOf(c.mode === 'interrupted' ? 'interrupted' : 'failure');
    case 'retry':
      return c.act.failure('retry');
    case 'skip':
      return c.act.failure('skip');
    default:
      return;
  }
}
