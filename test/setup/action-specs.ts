// Tests drive the engine directly, without a session to load the specs their runbooks use:
// every action's spec is registered for them, as lint and dry runs do.
import '../../src/actions/all-specs.js';
