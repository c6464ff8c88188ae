import { describe, expect, it } from 'vitest';
import { qualifiedName } from '../../../src/actions/postgres/qualified-name.js';

describe('qualifiedName', () => {
  it('quotes schema and name as one identifier each, even when a catalog name has a dot or a quote', () => {
    expect(qualifiedName('public', 'items')).toBe('"public"."items"');
    expect(qualifiedName('Odd Schema', 'my.idx"x')).toBe('"Odd Schema"."my.idx""x"');
  });
});
