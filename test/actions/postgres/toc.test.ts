import { describe, expect, it } from 'vitest';
import { planSelective, planWholeArchive } from '../../../src/actions/postgres/selective-list.js';
import { countByType, parseSchemaSql, parseToc } from '../../../src/actions/postgres/toc.js';

// As pg_restore --list prints them: an extension has no owner, so its line ends with a space.
const LIST = [
  ';',
  '; Archive created at 2026-11-27 04:48:30 UTC',
  ';',
  '2; 3079 16384 EXTENSION - cube ',
  '3428; 0 0 COMMENT - EXTENSION cube ',
  '218; 1259 16485 TABLE public B x postgres',
  '217; 1259 16484 SEQUENCE public B x_id_seq postgres',
  '216; 1259 16474 TABLE public a postgres',
  '3429; 0 0 COMMENT public TABLE a postgres',
  '215; 1259 16473 SEQUENCE public a_id_seq postgres',
  '3430; 0 0 SEQUENCE OWNED BY public a_id_seq postgres',
  '3265; 2604 16477 DEFAULT public a id postgres',
  '3420; 0 16485 TABLE DATA public B x postgres',
  '3418; 0 16474 TABLE DATA public a postgres',
  '3431; 0 0 SEQUENCE SET public B x_id_seq postgres',
  '3432; 0 0 SEQUENCE SET public a_id_seq postgres',
  '3272; 2606 16489 CONSTRAINT public B x B x_pkey postgres',
  '3267; 2606 16481 CONSTRAINT public a a_pkey postgres',
  '3268; 1259 16495 INDEX public a_v postgres',
  '3274; 2620 16497 TRIGGER public a t1 postgres',
  '3273; 2606 16490 FK CONSTRAINT public B x B x_a_id_fkey postgres',
].join('\n');

const SQL = `
--
-- Name: cube; Type: EXTENSION; Schema: -; Owner: -
--
CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public;
--
-- Name: B x; Type: TABLE; Schema: public; Owner: postgres
--
CREATE TABLE public."B x" (id bigint NOT NULL, a_id integer);
--
-- Name: B x_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--
ALTER TABLE public."B x" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public."B x_id_seq"
);
--
-- Name: a; Type: TABLE; Schema: public; Owner: postgres
--
CREATE TABLE public.a (id integer NOT NULL, v text);
--
-- Name: TABLE a; Type: COMMENT; Schema: public; Owner: postgres
--
COMMENT ON TABLE public.a IS 'hello';
--
-- Name: a_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--
CREATE SEQUENCE public.a_id_seq AS integer;
ALTER TABLE public.a_id_seq OWNER TO postgres;
--
-- Name: a_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--
ALTER SEQUENCE public.a_id_seq OWNED BY public.a.id;
--
-- Name: a id; Type: DEFAULT; Schema: public; Owner: postgres
--
ALTER TABLE ONLY public.a ALTER COLUMN id SET DEFAULT nextval('public.a_id_seq'::regclass);
--
-- Name: B x B x_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--
ALTER TABLE ONLY public."B x"
    ADD CONSTRAINT "B x_pkey" PRIMARY KEY (id);
--
-- Name: a a_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--
ALTER TABLE ONLY public.a
    ADD CONSTRAINT a_pkey PRIMARY KEY (id);
--
-- Name: a_v; Type: INDEX; Schema: public; Owner: postgres
--
CREATE INDEX a_v ON public.a USING btree (lower(v));
--
-- Name: a t1; Type: TRIGGER; Schema: public; Owner: postgres
--
CREATE TRIGGER t1 BEFORE INSERT ON public.a FOR EACH ROW EXECUTE FUNCTION public.trg();
--
-- Name: B x B x_a_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--
ALTER TABLE ONLY public."B x"
    ADD CONSTRAINT "B x_a_id_fkey" FOREIGN KEY (a_id) REFERENCES public.a(id);
`;

describe('parseToc', () => {
  it('reads types with spaces, tags with spaces and entries without an owner', () => {
    const entries = parseToc(LIST);
    expect(entries).toHaveLength(18);
    expect(entries[0]).toMatchObject({ id: 2, type: 'EXTENSION', schema: '-', tag: 'cube' });
    expect(entries[1]).toMatchObject({ type: 'COMMENT', schema: '-', tag: 'EXTENSION cube' });
    expect(entries.find((e) => e.id === 3272)).toMatchObject({ type: 'CONSTRAINT', tag: 'B x B x_pkey' });
    expect(entries.find((e) => e.id === 3430)).toMatchObject({ type: 'SEQUENCE OWNED BY', tag: 'a_id_seq' });
    expect(countByType(entries)).toMatchObject({ TABLE: 2, 'TABLE DATA': 2, 'SEQUENCE SET': 2, 'FK CONSTRAINT': 1 });
  });
});

describe('planSelective', () => {
  const entries = parseToc(LIST);
  const sql = parseSchemaSql(SQL);

  it('one table: its data, sequence (owned, default, value), constraints, index, trigger and comment; not the other table', () => {
    const plan = planSelective(entries, sql, ['a']);
    expect(plan.kept.map((e) => e.id).sort((x, y) => x - y)).toEqual([215, 216, 3265, 3267, 3268, 3274, 3418, 3429, 3430, 3432]);
    expect(plan.droppedForeignKeys).toEqual([]);
    expect(plan.missingTables).toEqual([]);
    expect(plan.lines[0]).toBe('216; 1259 16474 TABLE public a postgres');
  });

  it('a table whose FK points at a table not restored: the FK is dropped and reported; identity sequence kept', () => {
    const plan = planSelective(entries, sql, ['public.B x']);
    expect(plan.kept.map((e) => e.id).sort((x, y) => x - y)).toEqual([217, 218, 3272, 3420, 3431]);
    expect(plan.droppedForeignKeys).toEqual(['B x_a_id_fkey on public.B x → public.a']);
  });

  it('both tables keep the FK between them; an unknown table is reported', () => {
    const plan = planSelective(entries, sql, ['a', 'B x', 'ghost']);
    expect(plan.kept.some((e) => e.id === 3273)).toBe(true);
    expect(plan.missingTables).toEqual(['public.ghost']);
  });
});

describe('planWholeArchive', () => {
  const entries = parseToc(LIST);
  const sql = parseSchemaSql(SQL);

  it('a complete archive needs no list: every FK points inside it', () => {
    expect(planWholeArchive(entries, sql)).toBeNull();
  });

  it('an archive without the referenced table keeps everything else and reports the FK it leaves out', () => {
    const partial = entries.filter((e) => !(e.schema === 'public' && e.tag === 'a' && e.type === 'TABLE'));
    const plan = planWholeArchive(partial, sql);
    expect(plan?.selective).toBe(false);
    expect(plan?.droppedForeignKeys).toEqual(['B x_a_id_fkey on public.B x → public.a']);
    expect(plan?.kept.length).toBe(partial.length - 1);
    expect(plan?.kept.some((e) => e.id === 3273)).toBe(false);
  });
});
