// Runs the sandbox systems on their own: node packages/sandbox/src/cli.ts [--salesforce-port 4010]
// [--netsuite-port 4020] [--companies 20] [--contacts 60] [--seed 42] [--host 127.0.0.1]
import { parseArgs } from 'node:util';
import { startSandbox } from './index.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    'salesforce-port': { type: 'string', default: '4010' },
    'netsuite-port': { type: 'string', default: '4020' },
    companies: { type: 'string', default: '20' },
    contacts: { type: 'string', default: '60' },
    seed: { type: 'string', default: '42' },
  },
});

function integer(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`--${name} must be a whole number, not "${value}"`);
    process.exit(2);
  }
  return parsed;
}

const started = Date.now();
console.log('starting the sandbox systems…');
const sandbox = await startSandbox({
  host: values.host,
  salesforcePort: integer('salesforce-port', values['salesforce-port']),
  netsuitePort: integer('netsuite-port', values['netsuite-port']),
  seed: {
    companies: integer('companies', values.companies),
    contacts: integer('contacts', values.contacts),
    seed: integer('seed', values.seed),
  },
});
console.log(`sandbox ready in ${Date.now() - started} ms`);
for (const system of ['salesforce', 'netsuite'] as const) {
  const { kind, config } = sandbox[system].connection();
  console.log(`\n${system}: ${sandbox[system].url}`);
  console.log(`  connection kind ${kind}, config ${JSON.stringify(config)}`);
  console.log(`  admin API: ${sandbox[system].url}/__admin (header x-sandbox-admin: ${sandbox.adminToken})`);
}
console.log(
  `\nseed: ${sandbox.seed.customers.length} customers, ${sandbox.seed.contacts.length} contacts. Ctrl-C stops.`,
);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
