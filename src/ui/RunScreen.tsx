import { Box } from 'ink';
import { useEffect, useState } from 'react';
import type { RunActions, RunController } from '../runner/run-controller.js';
import { CurrentStep } from './CurrentStep.js';
import { DoneSteps } from './DoneSteps.js';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { footerKeys, isCtrlC, isTextMode, modeOf, type RunMode, type ScreenState } from './keys.js';
import { runLayout } from './layout.js';
import { LogPager } from './LogPager.js';
import { OutputTail } from './OutputTail.js';
import { RunPrompt } from './RunPrompt.js';
import { focusOf } from './run-focus.js';
import { RunHeader } from './RunHeader.js';
import { tone } from './theme.js';
import { useClock } from './use-clock.js';
import { useRun } from './use-run.js';
import { useTerminalSize } from './use-terminal-size.js';
import { Text } from './Text.js';
import type { KeyFlags } from './key-tokens.js';
import { useKeys } from './use-keys.js';

/**
 * The run: finished steps above (printed once), then the header, the step in focus with its
 * command and live output, the question being asked, and the keys that work now.
 */
export function RunScreen({ controller }: { controller: RunController }) {
  const { view, act } = useRun(controller);
  const { columns, rows } = useTerminalSize();
  const now = useClock(1000);
  const [overlay, setOverlay] = useState<ScreenState['overlay']>(null);
  const [note, setNote] = useState(false);
  const [abortOf, setAbortOf] = useState<'failure' | 'interrupted' | null>(null);
  const mode = modeOf(view, { overlay, note, confirmAbort: abortOf !== null });
  const askKey = view.phase.kind === 'asking' ? view.phase.ask : view.phase.kind;

  // A new question starts clean: no note field or abort question left open from the last one.
  useEffect(() => {
    setNote(false);
    setAbortOf(null);
  }, [askKey]);

  useKeys(({ input, key }) => {
    if (isCtrlC(input, { ctrl: key.ctrl === true })) return act.interrupt();
    handleKey(mode, input, key, {
      act,
      openLog: () => view.log && setOverlay('log'),
      toggleHelp: () => setOverlay((o) => (o === 'help' ? null : 'help')),
      closeOverlay: () => setOverlay(null),
      setNote,
      setAbortOf,
      abortOf,
      skippable: view.phase.kind === 'failed' && view.phase.skippable,
    });
  }, { mode, epoch: askKey });

  const focus = focusOf(view);
  const fields = view.phase.kind === 'asking' && view.phase.ask.type === 'ask-input' ? Object.keys(view.phase.ask.params).length : 0;
  const layout = runLayout(rows, mode, fields);
  const tail = focus ? view.tails[focus.step.id] : undefined;
  const showTail = tail && layout.tail > 0 && (focus?.status.kind === 'running' || focus?.status.kind === 'failed' || mode === 'working');

  return (
    <Box flexDirection="column">
      <DoneSteps items={view.done} order={view.state.order} width={columns} />
      {mode === 'log' && view.log ? (
        <LogPager file={view.log.file} title={`${view.log.stepId} (attempt ${view.log.attempt})`} height={rows - 2} width={columns} onClose={() => setOverlay(null)} />
      ) : mode === 'help' ? (
        <HelpOverlay runId={view.runId} />
      ) : (
        <Box flexDirection="column" width={columns}>
          <RunHeader state={view.state} runId={view.runId} width={columns} ticking={view.phase.kind !== 'over'} />
          {focus && view.phase.kind !== 'over' ? <CurrentStep focus={focus} width={columns} now={now} room={layout.room} /> : null}
          {showTail ? <OutputTail tail={tail} height={layout.tail} width={columns} /> : null}
          <RunPrompt view={view} mode={mode} act={act} setNote={setNote} setAbortOf={setAbortOf} openLog={() => setOverlay('log')} />
          {view.pausing && view.phase.kind !== 'over' ? <Text color={tone('warn')}>pausing: stopping the running step…</Text> : null}
          {view.forced ? <Text color={tone('bad')}>leaving now…</Text> : null}
        </Box>
      )}
      <Footer keys={footerKeys(mode, view)} />
    </Box>
  );
}

interface KeyContext {
  act: RunActions;
  openLog(): void;
  toggleHelp(): void;
  closeOverlay(): void;
  setNote(open: boolean): void;
  setAbortOf(which: 'failure' | 'interrupted' | null): void;
  abortOf: 'failure' | 'interrupted' | null;
  skippable: boolean;
}

/** What a key does in each mode; text fields and lists handle their own keys. */
function handleKey(mode: RunMode, input: string, key: KeyFlags, c: KeyContext): void {
  if (mode === 'over' || mode === 'log') return;
  if (mode === 'help') {
    if (key.escape || input === '?' || input === 'q') c.closeOverlay();
    return;
  }
  if (mode === 'confirm-pause') {
    if (input === 'y' || input === 'q') c.act.confirmPause(true);
    else if (input === 'n' || key.escape || key.return) c.act.confirmPause(false);
    return;
  }
  if (mode === 'confirm-abort') {
    if (input === 'y') {
      if (c.abortOf === 'failure') c.act.failure('abort');
      else c.act.interrupted('abort');
    }
    if (input === 'y' || input === 'n' || key.escape || key.return) c.setAbortOf(null);
    return;
  }
  if (isTextMode(mode)) {
    if (!key.escape) return;
    if (mode === 'manual-note' || mode === 'interrupted-note') c.setNote(false);
    else c.act.requestPause();
    return;
  }
  if (input === '?') return c.toggleHelp();
  if (input === 'q') return c.act.requestPause();
  if (input === 'l') return c.openLog();
  switch (mode) {
    case 'gate-confirm':
      if (input === 'y' || input === 'Y') c.act.gate(true);
      else if (input === 'n' || input === 'N' || key.return) c.act.gate(false);
      return;
    case 'manual':
      if (input === 'd' || key.return) c.act.manual();
      else if (input === 'n') c.setNote(true);
      return;
    case 'interrupted':
      if (input === 'm') c.setNote(true);
      else if (input === 'r') c.act.interrupted('rerun');
      else if (input === 'a') c.setAbortOf('interrupted');
      return;
    case 'failed':
      if (input === 'r') c.act.failure('retry');
      else if (input === 's' && c.skippable) c.act.failure('skip');
      else if (input === 'a') c.setAbortOf('failure');
      return;
    default:
      return;
  }
}
