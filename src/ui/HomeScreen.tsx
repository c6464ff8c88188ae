import { Box } from 'ink';
import SelectInput from 'ink-select-input';
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

// ink-select-input moves with j/k and picks with digits: those keys cannot start a filter.
const SELECT_KEYS = /^[jk1-9]$/;
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
  const byValue = useMemo(() => new Map(list.map((row) => [row.value, row])), [list]);
  // Enter is handled here, from refs, not by the list: a list that just got the focus back
  // (after the filter) takes a moment to listen, and an Enter typed in that moment was lost.
  const shown = useRef({ list, byValue, highlighted: undefined as string | undefined });
  if (shown.current.list !== list) shown.current = { list, byValue, highlighted: undefined };
  const open = () => {
    const { list: rows, byValue: rowOf, highlighted } = shown.current;
    const row = rowOf.get(highlighted ?? rows[0]?.value ?? '');
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
      case 'open':
        return open();
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
    // A letter (not one the list takes) starts the filter.
    if (now === 'home' && /^[a-zA-Z]/.test(input) && !SELECT_KEYS.test(input) && !key.ctrl && !key.meta) {
      setFiltering(true);
      setFilter((f) => f + input.replace(/[\u0000-\u001f\u007f]/g, ''));
    }
  };
  useKeys(handle, { mode });

  // ink-select-input passes only the label (here the row's value) to the item component.
  const Item = useMemo(
    () =>
      function Item({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
        const row = byValue.get(label);
        return row ? <HomeItem row={row} selected={isSelected} width={columns - 2} /> : <Text>{label}</Text>;
      },
    [byValue, columns],
  );
  // Headings take a line each: keep the whole screen within the terminal.
  const limit = Math.max(3, Math.floor((rows - 8 - (problem ? 2 : 0)) / 1.6));

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
        <SelectInput
          items={list.map((row) => ({ key: row.value, label: row.value, value: row.value }))}
          isFocused={!filtering && !helping}
          limit={limit}
          indicatorComponent={NoIndicator}
          itemComponent={Item}
          onHighlight={(item) => {
            shown.current.highlighted = item.value;
          }}
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

function NoIndicator() {
  return null;
}

function HomeItem({ row, selected, width }: { row: HomeRow; selected: boolean; width: number }) {
  const pointer = <Text color={selected ? tone('accent') : undefined}>{selected ? '❯ ' : '  '}</Text>;
  if (row.kind === 'run') {
    const r = row.run;
    return (
      <Box flexDirection="column">
        {row.heading ? <Text bold color={tone('warn')}>{row.heading}</Text> : null}
        <Text wrap="truncate">
          {pointer}
          <Text bold={selected}>{r.runId}</Text> <Text color={tone('warn')}>{r.status}</Text>
          <Text color={tone('muted')}> · target {r.target} · resume</Text>
        </Text>
      </Box>
    );
  }
  if (row.kind === 'drill') return <PracticeItem row={row} pointer={pointer} selected={selected} />;
  const rb = row.runbook;
  const meta = `${rb.engine} · ${rb.target}`;
  const rest = Math.max(10, width - rb.id.length - meta.length - 8);
  return (
    <Box flexDirection="column">
      {row.heading ? <Text bold color={tone('info')}>{row.heading}</Text> : null}
      <Text wrap="truncate">
        {pointer}
        <Text bold={selected}>{rb.id}</Text>
        <Text color={rb.targetOk ? tone('muted') : tone('warn')}>  {meta}</Text>
        <Text color={tone('muted')}>  {fit(rb.summary ?? rb.title, rest)}</Text>
      </Text>
    </Box>
  );
}

