// The README's start command (after bootstrap): the saved flows are checked, then the server starts
// (API, websocket, scheduler, run workers, sandbox systems and the example flows on the embedded store).
import { readFlowFiles } from '../packages/server/src/bootstrap/flow-files.ts';

const invalid = readFlowFiles().filter((file) => !file.flow);
for (const { file, issues } of invalid) {
  console.error(`\u2716 flows/${file}`);
  for (const issue of issues) console.error(`    ${issue.path || '/'}: ${issue.message}`);
}
if (invalid.length > 0) {
  console.error(`${invalid.length} saved flow(s) do not validate; fix them before starting.`);
  process.exit(1);
}
await import('../packages/server/src/server.ts');
