import { Box } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { Problem } from './app-flow.js';
import { fit } from './format.js';
import type { HomeData } from './home-data.js';
import { homeRows, type HomeRow } from './home-rows.js';
import { actionOf, footerOf } from './keymap.js';
import { HOME_KEYS, type HomeMode } from './keymaps.js';
import { HelpOverlay } from './HelpOverlay.js';
import { PracticeItem } from './home-practice.js';
import type { Keypress } from './key-tokens.js';
import { tone } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';
import { Text } from './Text.js';
import { Footer } from './Footer.js';
import { useKeys } from './use-keys.js';
import { useList } from './use-list.js';
import { SelectList } from './SelectList.js';

export interface HomeScreenProps {
  home: HomeData;
  problem?: Problem;
  onRunbook(id: string): void;
  onRun(runId: string): void;
  /** A Practice row: start a drill of that runbook (`guided` for a first drill). */
  onDrill?(runbookId: string, guided: boolean): void;
  onQuit(): void;
  /** The filter the list starts with. */
  initialFilter?: string;
}

const NO_CONTEXT = { log: false, skippable: false };

/**
 * Home: unfinished runs to resume at the top, then the runbooks by scenario, each with its
 * engine, the target it would run against and its summary. `/` (or a letter) filters.
 */
export function HomeScreen({ home, problem, onRunbook, onRun, onDrill, onQuit, initialFilter = '' }: HomeScreenProps) {
  const { columns, rows } = useTerminalSize();
  const [filter, setFilter] = useState(initialFilter);
  const [filtering, setFilteringState] = useState(false);
  // Keys typed quickly arrive before the next render: whether they go to the filter is decided
  // from a ref, and the filter text only grows through functional updates, so none is lost or
  // reordered.
  const filteringNow = useRef(false);
  const setFiltering = (on: boolean) => {
    filteringNow.current = on;
    setFilteringState(on);
  };
  // Not on `home` itself: the health panel filling in must not reset the list's highlight.
  const { runs, runbooks, broken, practice } = home;
  const list = useMemo(() => homeRows({ runs, runbooks, broken, ...(practice ? { practice } : {}) }, filter), [runs, runbooks, broken, practice, filter]);
  // Headings take a line each: keep the whole screen within the terminal.
  const limit = Math.max(3, Math.floor((rows - 8 - (problem ? 2 : 0)) / 1.6));
  // The list's highlight moves with this screen's own handler: a burst (`↓↓` then Enter) is
  // applied in order, with no second listener that attaches late.
  const cursor = useList(list.length, limit, list);
  const open = (index: number) => {
    const row = list[index];
    if (row?.kind === 'run') onRun(row.run.runId);
    else if (row?.kind === 'runbook') onRunbook(row.runbook.id);
    else if (row?.kind === 'drill') onDrill?.(row.practice.runbookId, practice?.firstDrill === true);
  };

  const [helping, setHelping] = useState(false);
  const mode: HomeMode = helping ? 'home-help' : filtering ? 'home-filter' : 'home';
  const modeNow = useRef(mode);
  modeNow.current = mode;
  // Keys come one at a time, also from a burst (`/zz` then Enter typed at once); which table
  // applies is read from refs, so a burst that starts the filter goes on into it.
  const handle = (press: Keypress): void => {
    const now: HomeMode = modeNow.current === 'home-help' ? 'home-help' : filteringNow.current ? 'home-filter' : 'home';
    const action = actionOf(HOME_KEYS[now], press, NO_CONTEXT);
    const { input, key } = press;
    switch (action) {
      case 'quit':
        return onQuit();
      case 'clear-or-quit':
        return filter !== '' ? setFilter('') : onQuit();
      case 'help':
        modeNow.current = 'home-help';
        return setHelping(true);
      case 'close-help':
        modeNow.current = 'home';
        return setHelping(false);
      case 'list':
        cursor.press(press);
        return;
      case 'open': {
        const picked = cursor.press(press);
        return picked === null ? undefined : open(picked);
      }
      case 'filter':
        return setFiltering(true);
      case 'clear-filter':
        setFilter('');
        return setFiltering(false);
      case 'end-filter':
        return setFiltering(false);
      default:
        break;
    }
    if (now === 'home-filter') {
      if (key.backspace) setFilter((f) => f.slice(0, -1));
      else if (!key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.delete && !key.leftArrow && !key.rightArrow && !key.escape) {
        const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
        if (text !== '') setFilter((f) => f + text);
      }
      return;
    }
    // A letter the keymap does not take starts the filter.
    if (now === 'home' && /^[a-zA-Z]/.test(input) && !key.ctrl && !key.meta) {
      setFiltering(true);
      setFilter((f) => f + input.replace(/[\u0000-\u001f\u007f]/g, ''));
    }
  };
  useKeys(handle, { mode });

  return (
    <Box flexDirection="column" width={columns}>
      <Text bold>pitstop <Text color={tone('muted')}>— runbooks for database incidents</Text></Text>
      {problem ? (
        <Box flexDirection="column">
          <Text color={tone('bad')} wrap="wrap">✗ {problem.message}</Text>
          {problem.hint ? <Text color={tone('muted')} wrap="wrap">  → {problem.hint}</Text> : null}
        </Box>
      ) : null}
      {list.length === 0 ? (
        <Text color={tone('warn')}>{filter ? `nothing matches "${filter}"` : 'no runbooks found: add some to ./runbooks or pass --runbooks DIR'}</Text>
      ) : (
        <SelectList
          items={list}
          cursor={cursor.cursor}
          limit={limit}
          focused={!filtering && !helping}
          itemKey={(row) => row.value}
          headingOf={(row) => (row.heading ? <Text bold color={tone(row.kind === 'run' ? 'warn' : 'info')}>{row.heading}</Text> : null)}
          renderItem={(row, selected) => <HomeItem row={row} selected={selected} width={columns - 4} />}
        />
      )}
      {home.broken.length > 0 ? <Text color={tone('warn')}>{fit(`${home.broken.length} runbook file(s) did not load: ${home.broken[0]}`, columns)}</Text> : null}
      <Box>
        <Text color={tone('muted')}>filter: </Text>
        {filtering ? (
          <Text>
            {filter}
            <Text inverse> </Text>
          </Text>
        ) : (
          <Text>{filter || <Text color={tone('muted')}>(type or / to filter)</Text>}</Text>
        )}
      </Box>
      {home.health ? <HealthPanel health={home.health} width={columns} /> : null}
      {helping ? <HelpOverlay title="Keys (home)" bindings={HOME_KEYS.home} /> : null}
      <Footer keys={footerOf(HOME_KEYS[mode], NO_CONTEXT)} />
    </Box>
  );
}

const HEALTH_LINES = 5;

/** At most a few targets on home: the unhealthy first; `pitstop status` lists them all. */
function shownHealth(health: string[]): string[] {
  if (health.length <= HEALTH_LINES) return health;
  const ordered = [...health.filter((l) => !l.startsWith('✓')), ...health.filter((l) => l.startsWith('✓'))];
  return [...ordered.slice(0, HEALTH_LINES - 1), `… ${health.length - (HEALTH_LINES - 1)} more targets: pitstop status`];
}

/** Backup health, one line per target (`pitstop status` has the details). */
function HealthPanel({ health, width }: { health: string[] | 'checking'; width: number }) {
  return (
    <Box flexDirection="column">
      <Text bold color={tone('info')}>Backups <Text color={tone('muted')}>(pitstop status)</Text></Text>
      {health === 'checking' ? (
        <Text color={tone('muted')}>  checking…</Text>
      ) : (
        shownHealth(health).map((line) => (
          <Text key={line} color={line.startsWith('✓') ? tone('ok') : line.startsWith('!') ? tone('warn') : tone('bad')}>
            {fit(`  ${line}`, width)}
          </Text>
        ))
      )}
    </Box>
  );
}

/** One row of the list (its pointer and heading are the list's). */
function HomeItem({ row, selected, width }: { row: HomeRow; selected: boolean; width: number }) {
  if (row.kind === 'run') {
    const r = row.run;
    return (
      <Text wrap="truncate">
        <Text bold={selected}>{r.runId}</Text> <Text color={tone('warn')}>{r.status}</Text>
        <Text color={tone('muted')}> · target {r.target} · resume</Text>
      </Text>
    );
  }
  if (row.kind === 'drill') return <PracticeItem row={row} selected={selected} />;
  const rb = row.runbook;
  const meta = `${rb.engine} · ${rb.target}`;
  const rest = Math.max(10, width - rb.id.length - meta.length - 6);
  return (
    <Text wrap="truncate">
      <Text bold={selected}>{rb.id}</Text>
      <Text color={rb.targetOk ? tone('muted') : tone('warn')}>  {meta}</Text>
      <Text color={tone('muted')}>  {fit(rb.summary ?? rb.title, rest)}</Text>
    </Text>
  );
}
