/**
 * What `libsql.snapshot` provides and `libsql.open-snapshot` needs: the same words on both
 * specs, so a run that takes its own snapshot first is not refused before step 1.
 */
export const VERIFIED_SNAPSHOT = 'a verified snapshot of the target';
