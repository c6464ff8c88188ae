import { describe, expect, it } from 'vitest';
import { cascadeFamily, type ForeignKeyEdge } from '../../../src/actions/postgres/family-order.js';

const fk = (child: string, parent: string, cascade = true): ForeignKeyEdge => ({ child, parent, constraint: `${child}_${parent}_fkey`, cascade });
const names = (edges: ForeignKeyEdge[], cascade = true, also: string[] = []) =>
  cascadeFamily([{ table: 'root', reason: 'named' }, ...also.map((t) => ({ table: t, reason: 'also' as const }))], edges, cascade).map((t) => t.table);

describe('cascadeFamily', () => {
  it('finds cascades recursively, parents first, and says through which constraint', () => {
    const edges = [fk('grandchild', 'child'), fk('child', 'root'), fk('unrelated', 'other')];
    const family = cascadeFamily([{ table: 'root', reason: 'named' }], edges, true);
    expect(family.map((t) => t.table)).toEqual(['root', 'child', 'grandchild']);
    expect(family[2]).toEqual({ table: 'grandchild', reason: 'cascade', via: 'grandchild_child_fkey → child' });
  });

  it('places a table after every parent it has in the family, whatever order they were found in', () => {
    // g references the root directly and through c: it is found first, copied after c.
    expect(names([fk('g', 'root'), fk('c', 'root'), fk('g', 'c')])).toEqual(['root', 'c', 'g']);
    // A non-cascade foreign key between two members orders them too.
    expect(names([fk('a', 'root'), fk('b', 'root'), fk('a', 'b', false)])).toEqual(['root', 'b', 'a']);
  });

  it('follows only ON DELETE CASCADE, and nothing when cascade is off', () => {
    expect(names([fk('restrict', 'root', false), fk('c', 'root')])).toEqual(['root', 'c']);
    expect(names([fk('c', 'root')], false)).toEqual(['root']);
  });

  it('ends on self-references and cycles', () => {
    expect(names([fk('root', 'root'), fk('c', 'root'), fk('c', 'c')])).toEqual(['root', 'c']);
    expect(names([fk('a', 'root'), fk('b', 'a'), fk('a', 'b')])).toEqual(['root', 'a', 'b']);
  });

  it('adds the also tables and their own cascades, in dependency order', () => {
    expect(names([fk('root', 'extra', false), fk('extra_child', 'extra')], true, ['extra'])).toEqual(['extra', 'root', 'extra_child']);
  });
});
