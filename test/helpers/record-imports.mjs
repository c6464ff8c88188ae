// Preloaded with `node --import` into a CLI run: appends every module the process resolves
// (one URL a line) to $PITSTOP_TEST_IMPORTS_FILE, so a test can see what a command loaded.
import { register } from 'node:module';

if (process.env.PITSTOP_TEST_IMPORTS_FILE) register('./record-imports-hooks.mjs', import.meta.url);
