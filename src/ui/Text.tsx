import { Text as InkText, type TextProps } from 'ink';
import { Children, Fragment, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { terminalText } from '../util/terminal-text.js';

/**
 * Ink's `Text`, with every string inside it passed through `terminalText`. Screens import
 * `Text` from here, never from Ink: runbook text, database values, command output and typed
 * values reach the terminal only as text, never as escapes that set its title or clipboard.
 */
export function Text({ children, ...props }: TextProps) {
  return <InkText {...props}>{safeChildren(children)}</InkText>;
}

/** Strings made safe; nested `Text` elements do their own; fragments are opened, as Ink would. */
function safeChildren(children: ReactNode): ReactNode {
  return Children.map(children, (child) => {
    if (typeof child === 'string') return terminalText(child);
    if (isValidElement(child) && child.type === Fragment) {
      const fragment = child as ReactElement<{ children?: ReactNode }>;
      return cloneElement(fragment, {}, safeChildren(fragment.props.children));
    }
    return child;
  });
}
