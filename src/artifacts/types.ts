/**
 * What a backup run left behind (product spec §9): `dump-full`, `dump-set:<name>`,
 * `basebackup`, `snapshot`, `export`, `replica`.
 */
export interface Artifact {
  kind: string;
  target: string;
  path: string;
  size?: number;
  sha256?: string;
  startedAt: string;
  finishedAt: string;
  durationMs?: number;
  /** The run and step that made it. */
  runId: string;
  runbookId: string;
  /** The newest verification of this artifact (the making run's own, or a later one). */
  verifiedAt?: string;
  verifiedBy?: string;
}

/** A later run checked an artifact by its path (a checksum verify, a test restore). */
export interface Verification {
  target: string;
  path: string;
  at: string;
  runId: string;
  how: string;
}

/** The artifacts and verifications of one run, as its journal tells them. */
export interface RunArtifacts {
  artifacts: Artifact[];
  verifications: Verification[];
}
