/**
 * A database schema as the row generator needs it, whichever engine it was read from: tables,
 * their columns, keys, unique sets, foreign keys and CHECK expressions. Plain data: a libSQL
 * or PostgreSQL reader builds it, `generate-rows.ts` reads it.
 */

/** One column: its declared type as written, and what the database demands of it. */
export interface SchemaColumn {
  name: string;
  /** As declared: `INTEGER`, `varchar(40)`, `timestamp with time zone`, `vector(3)`, or empty. */
  type: string;
  notNull: boolean;
  /** A DEFAULT (or an identity/serial the database fills itself). */
  hasDefault: boolean;
  /** The labels of an enumerated type (PostgreSQL `CREATE TYPE … AS ENUM`): only these are valid. */
  values?: string[];
}

/** A foreign key: `columns` of the table reference `parentColumns` of `parent`, pairwise. */
export interface SchemaForeignKey {
  columns: string[];
  parent: string;
  parentColumns: string[];
  /** `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`. */
  onDelete: string;
}

/** One table. */
export interface SchemaTable {
  name: string;
  columns: SchemaColumn[];
  /** The primary key's columns in key order (empty: none declared). */
  primaryKey: string[];
  /** Column sets declared UNIQUE (constraints and unique indexes without a WHERE clause). */
  unique: string[][];
  foreignKeys: SchemaForeignKey[];
  /** CHECK expressions as written (without `CHECK`), column and table ones alike. */
  checks: string[];
}

/** Every table of a schema. */
export interface SchemaModel {
  tables: SchemaTable[];
}
