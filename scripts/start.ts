// The README's start command (after bootstrap). Until the server lands (issue: Server), it checks and
// lists the saved flows, which is what the product would load on start.
import { NODE_OUTPUTS } from '../packages/contracts/src/index.ts';
import { readFlowFiles } from '../test/support/flow-files.ts';

const files = readFlowFiles();
let invalid = 0;
console.log(`\nflowsync — ${files.length} saved flow(s) in flows/\n`);
for (const { file, flow, issues } of files) {
  if (!flow) {
    invalid += 1;
    console.log(`\u2716 ${file}`);
    for (const issue of issues) console.log(`    ${issue.path || '/'}: ${issue.message}`);
    continue;
  }
  const trigger = flow.nodes.find((n) => n.type === 'trigger');
  const modes =
    trigger?.type === 'trigger'
      ? [
          trigger.config.schedule ? `schedule (${trigger.config.schedule.kind})` : undefined,
          trigger.config.realtime ? 'realtime' : undefined,
          'manual',
        ]
          .filter(Boolean)
          .join(', ')
      : '';
  console.log(`\u2714 ${flow.name}  [${flow.id}]`);
  console.log(`    triggers: ${modes}`);
  for (const node of flow.nodes) {
    const outs = NODE_OUTPUTS[node.type]
      .map((handle) => {
        const targets = flow.edges
          .filter((e) => e.source === node.id && e.sourceHandle === handle)
          .map((e) => e.target);
        return targets.length ? `${handle} → ${targets.join(', ')}` : undefined;
      })
      .filter(Boolean);
    console.log(`    ${node.type.padEnd(8)} ${(node.label ?? node.id).padEnd(40)} ${outs.join('; ')}`);
  }
  console.log('');
}
console.log(
  invalid > 0
    ? `${invalid} flow(s) do not validate.`
    : 'All flows validate. The API, editor and sandbox systems start here once the server issue lands.',
);
process.exit(invalid > 0 ? 1 : 0);
