/**
 * What a newcomer is told under each step of a guided drill (`--guided`, the default for a
 * first drill from Practice): what to look at, why, and where the answer is. Per drillable
 * runbook, per step id; `params` is the form asked before the run starts. Kept here, not in the
 * shipped runbooks: the hints speak of the drill's page, which a real incident does not have.
 */
export const DRILL_HINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'libsql-accidental-deletion': {
    params:
      'The incident time is in the log excerpt: the line with the DELETE ([admin-script]). Write it as RFC 3339 with the offset the log shows (-0600 is -06:00), e.g. 2026-11-28T19:31:02-06:00; the table is the one the alert names.',
    'table-now': 'Production as it is now: how many rows the table still has, and its newest row. Nothing is changed yet.',
    'plan-copy-back': 'Which tables lost rows with it (ON DELETE CASCADE children) and how rows will be matched: read the plan before any copy is made.',
    'freeze-writes': 'The application is still writing. Mark this done (d) once you would have stopped the job and frozen writes: the drill pauses the application for you.',
    'production-now': 'The count the merge starts from, with writes stopped: validation later expects exactly this plus the rows copied back.',
    'open-snapshot': 'This world backs up with snapshots: the newest verified one is opened as a working copy. Rows written after it was taken are not in it.',
    'check-copy': 'The copy should have more rows than production: the deleted ones are in it.',
    'compare-tables': 'diff_<table> > 0 means the copy has rows production lost: the table named in the alert and its cascade children.',
    'copy-back': 'Only rows production no longer has are inserted; nothing is overwritten. Type the target name (drill) to approve.',
    'acknowledge-loss': 'Rows written after the snapshot and then deleted are in no copy: this is the loss the score counts as RPO. Approve to record that you saw it.',
    validate: 'Production must now hold the count before plus the rows copied back, exactly.',
    'validate-data': "The target's tables and checks (no ticket interaction without its ticket): a merge that broke a relation fails here.",
    'drop-snapshot-copy': 'Only the working copy is deleted; the snapshot itself stays.',
    'resume-writes': 'Mark this done (d) to let the application write again: the recovery is over and the drill is scored.',
  },
};

/** The hint for a step (or `params`) of a drillable runbook, if there is one. */
export function hintFor(runbookId: string, stepId: string): string | undefined {
  return DRILL_HINTS[runbookId]?.[stepId];
}
