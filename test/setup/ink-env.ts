// Ink decides at import time whether it runs in CI (the is-in-ci package: CI set to anything
// but 0/false) and then draws only the last frame, which would blind every ink-testing-library
// test on a CI machine. The screens under test are the interactive ones, so CI is taken out of
// the test workers' environment before anything imports Ink. The CLI's own choice (TUI or plain)
// is tested through real processes and terminals.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
