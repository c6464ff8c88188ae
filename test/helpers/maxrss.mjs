// Preloaded with `node --import` into a CLI run: writes the process's peak resident memory
// (kilobytes) to $PITSTOP_TEST_MAXRSS_FILE on exit, so tests and benches can compare runs.
import { writeFileSync } from 'node:fs';

const file = process.env.PITSTOP_TEST_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
