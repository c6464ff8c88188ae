import { Box } from 'ink';
import { TextField } from './TextField.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface NotePromptProps {
  title: string;
  body?: string;
  /** Whether the note field is open (else only the instruction and its keys). */
  editing: boolean;
  onDone(note: string): void;
}

/** A manual step (or an interrupted one marked done): the instruction, then an optional note. */
export function NotePrompt({ title, body, editing, onDone }: NotePromptProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('info')} paddingX={1}>
      <Text bold wrap="wrap">
        {title}
      </Text>
      {body ? <Text wrap="wrap">{body.trim()}</Text> : null}
      {editing ? (
        <Box>
          <Text color={tone('accent')}>note (optional) ❯ </Text>
          <TextField onSubmit={onDone} />
        </Box>
      ) : (
        <Text color={tone('muted')}>When it is done: d marks it done (Enter does not: it may be meant for the screen before), n adds a note first.</Text>
      )}
    </Box>
  );
}
