import { Box, useApp } from 'ink';
import { useEffect } from 'react';
import type { AppFlow } from './app-flow.js';
import { CannotStart } from './CannotStart.js';
import { DrillScreen } from './DrillScreen.js';
import { HomeScreen } from './HomeScreen.js';
import { isCtrlC } from './keys.js';
import { ParamsForm } from './ParamsForm.js';
import { RunbookChanged } from './RunbookChanged.js';
import { RunScreen } from './RunScreen.js';
import { tone } from './theme.js';
import { useFlow } from './use-run.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';

/**
 * The root: shows what the flow is at (home, parameters, a run) and is the only component
 * that leaves (`exit()`), once the flow is done.
 */
export function App({ flow }: { flow: AppFlow }) {
  const { view, act } = useFlow(flow);
  const { exit } = useApp();

  useEffect(() => {
    if (view.screen === 'done') exit();
  }, [view.screen, exit]);

  // Keys of the screens without their own: Ctrl+C leaves.
  useKeys(
    ({ input, key }) => {
      if (isCtrlC(input, { ctrl: key.ctrl === true })) act.back();
    },
    { active: view.screen === 'params' || view.screen === 'loading', mode: view.screen === 'params' || view.screen === 'loading' ? view.screen : undefined },
  );

  switch (view.screen) {
    case 'loading':
      return (
        <Text>
          <Text bold>pitstop</Text> <Text color={tone('muted')}>· {view.message}</Text>
        </Text>
      );
    case 'home':
      return <HomeScreen home={view.home} {...(view.problem ? { problem: view.problem } : {})} {...(view.filter ? { initialFilter: view.filter } : {})} onRunbook={act.openRunbook} onRun={act.openRun} onDrill={(id, guided) => act.openDrill(id, { guided })} onQuit={act.quit} />;
    case 'params':
      return (
        <Box flexDirection="column">
          {view.problem ? <Text color={tone('bad')}>✗ {view.problem.message}</Text> : null}
          <ParamsForm
            title={`${view.request.title}: parameters`}
            specs={view.request.specs}
            initial={view.request.initial}
            {...(view.request.fallbacks ? { fallbacks: view.request.fallbacks } : {})}
            onSubmit={act.submitParams}
            onCancel={act.back}
            submitLabel="start the run"
            cancelLabel={view.fromHome ? 'back' : 'quit'}
          />
        </Box>
      );
    case 'changed':
      return <RunbookChanged message={view.problem.message} plan={view.plan} canKeepStarted={view.canKeepStarted} onChoose={act.chooseChanged} onQuit={act.back} />;
    case 'cannot-start':
      return <CannotStart reason={view.problem.message} {...(view.problem.hint ? { hint: view.problem.hint } : {})} {...(view.runFirst ? { runFirst: view.runFirst } : {})} onChoose={act.chooseCannotStart} onQuit={act.back} />;
    case 'run':
      return <RunScreen controller={view.controller} onRunFirst={(id) => act.runFirst(id)} />;
    case 'drill':
      return <DrillScreen drill={view.drill} />;
    case 'done':
      // The run's (or the drill's) last frame stays on screen after the app leaves.
      if (view.drill) return <DrillScreen drill={view.drill} />;
      return view.controller ? <RunScreen controller={view.controller} /> : null;
  }
}
