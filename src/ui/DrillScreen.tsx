import { Box } from 'ink';
import { useSyncExternalStore } from 'react';
import { scoreLines } from '../drill/score-text.js';
import type { Page } from '../drill/types.js';
import type { DrillController, DrillView, Hint } from './drill-flow.js';
import { Footer } from './Footer.js';
import { fit } from './format.js';
import { actionOf, footerOf } from './keymap.js';
import { DRILL_KEYS, type DrillMode } from './keymaps.js';
import { ParamsForm } from './ParamsForm.js';
import { RunScreen } from './RunScreen.js';
import { tone } from './theme.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';
import { useTerminalSize } from './use-terminal-size.js';

const NO_CONTEXT = { log: false, skippable: false };

/**
 * A drill on screen: the world being built and broken (progress lines), the page (alert and
 * the application's log, where the incident time is) with the recovery's parameters, the
 * real runbook's run screen with the page kept above it, then the score.
 */
export function DrillScreen({ drill }: { drill: DrillController }) {
  const view = useSyncExternalStore(drill.subscribe, drill.getSnapshot);
  const { columns } = useTerminalSize();
  const mode: DrillMode | null = view.phase === 'building' ? 'drill-building' : view.phase === 'page' ? 'drill-page' : null;
  useKeys(
    (press) => {
      if (mode && actionOf(DRILL_KEYS[mode], press, NO_CONTEXT) === 'stop-drill') drill.interrupt('SIGINT');
    },
    { active: mode !== null, ...(mode ? { mode } : {}) },
  );
  switch (view.phase) {
    case 'building':
      return (
        <Box flexDirection="column" width={columns}>
          <Progress view={view} width={columns} />
          <Text color={tone('muted')}>…</Text>
          <Footer keys={footerOf(DRILL_KEYS['drill-building'], NO_CONTEXT)} />
        </Box>
      );
    case 'page':
      return (
        <Box flexDirection="column" width={columns}>
          <Progress view={view} width={columns} />
          <PageBox page={view.page} width={columns} />
          {view.hint ? <HintLine hint={view.hint} /> : null}
          {view.problem ? <Text color={tone('bad')} wrap="wrap">✗ {view.problem.message}{view.problem.hint ? ` → ${view.problem.hint}` : ''}</Text> : null}
          <ParamsForm
            title={`${view.request.title}: parameters (target drill)`}
            specs={view.request.specs}
            initial={view.request.initial}
            {...(view.request.fallbacks ? { fallbacks: view.request.fallbacks } : {})}
            onSubmit={drill.submit}
            onCancel={() => undefined}
            submitLabel="start the recovery"
            cancelLabel="stop the drill"
            mode="drill-params"
          />
        </Box>
      );
    case 'recovering':
      return (
        <Box flexDirection="column">
          <PageBox page={view.page} width={columns} />
          {view.hint ? <HintLine hint={view.hint} /> : null}
          <RunScreen controller={view.controller} reserved={pageHeight(view.page) + (view.hint ? 2 : 0)} />
        </Box>
      );
    case 'scored':
      return (
        <Box flexDirection="column" width={columns}>
          <Progress view={view} width={columns} />
          <Box flexDirection="column" borderStyle="round" borderColor={view.score.passed ? tone('ok') : tone('bad')} paddingX={1}>
            {scoreLines(view.score).map((line, i) => (
              <Text key={i} bold={i === 0} color={i === 0 ? (view.score.passed ? tone('ok') : tone('bad')) : undefined} wrap="wrap">
                {line}
              </Text>
            ))}
          </Box>
          <Text color={tone('muted')}>drill exit code {view.code} · pitstop drills: the history</Text>
        </Box>
      );
  }
}

/** A guided drill's hint for the form or the step in focus. */
function HintLine({ hint }: { hint: Hint }) {
  return (
    <Text color={tone('info')} wrap="wrap">
      hint ({hint.stepId === 'params' ? 'parameters' : hint.stepId}): {hint.text}
    </Text>
  );
}

/** The drill's lines so far (world, backup run, fingerprint, fault…), the last few. */
function Progress({ view, width }: { view: DrillView; width: number }) {
  return (
    <Box flexDirection="column">
      {view.lines.slice(-6).map((line, i) => (
        <Text key={i} color={tone('muted')}>
          {fit(line, width)}
        </Text>
      ))}
    </Box>
  );
}

/** Lines the page box takes: its border and title, the alert, the log. */
export function pageHeight(page: Page): number {
  return page.alert.length + page.log.length + 4;
}

/** The page: the alert, and the application's log in the server's local time. */
function PageBox({ page, width }: { page: Page; width: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('warn')} paddingX={1} width={width}>
      {page.alert.map((line, i) => (
        <Text key={`a${i}`} bold={i === 0} color={i === 0 ? tone('warn') : undefined}>
          {fit(line, width - 4)}
        </Text>
      ))}
      <Text color={tone('muted')}>application log (server time):</Text>
      {page.log.map((line, i) => (
        <Text key={`l${i}`}>{fit(line, width - 4)}</Text>
      ))}
    </Box>
  );
}
