// Counters of every node of a run: received, what left through each output, failed, skipped, retries.
import type { Flow, NodeStats, NodeType } from '@flowsync/contracts';
import { EmptyState } from '../../ui/components.tsx';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { LiveCount } from './LiveCount.tsx';
import { nodeRows } from './run-format.ts';

const TYPE_LOOK: Record<NodeType, { icon: IconName; label: string }> = {
  trigger: { icon: 'trigger', label: 'Trigger' },
  qualify: { icon: 'qualify', label: 'Qualify' },
  lookup: { icon: 'lookup', label: 'Lookup' },
  map: { icon: 'map', label: 'Map' },
  upsert: { icon: 'upsert', label: 'Upsert' },
};

/** A node type marker in its canvas colour. */
export function NodeTypeChip({ type }: { type: NodeType | undefined }) {
  if (!type) return <span className="node-chip">Node</span>;
  const look = TYPE_LOOK[type];
  return (
    <span className={`node-chip node-chip--${type}`}>
      <Icon name={look.icon} size={12} />
      {look.label}
    </span>
  );
}

export function NodeStatsTable({
  flow,
  nodes,
  live,
  versionError,
}: {
  flow: Flow | undefined;
  nodes: Readonly<Record<string, NodeStats>>;
  live: boolean;
  versionError?: string;
}) {
  const rows = nodeRows(flow, nodes);
  if (rows.length === 0) {
    return (
      <EmptyState icon="flows" title={live ? 'Waiting for the first records' : 'No node counters'}>
        {live ? 'Counters appear as soon as the trigger reads its first page.' : versionError}
      </EmptyState>
    );
  }
  return (
    <>
      {versionError && <p className="run-nodes__note">{versionError}</p>}
      <table className="table run-nodes">
        <colgroup>
          <col />
          <col className="run-nodes__count" />
          <col className="run-nodes__outputs" />
          <col className="run-nodes__count" />
          <col className="run-nodes__count" />
          <col className="run-nodes__count" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col" className="runs-table__num">
              Received
            </th>
            <th scope="col">Emitted</th>
            <th scope="col" className="runs-table__num">
              Failed
            </th>
            <th scope="col" className="runs-table__num">
              Skipped
            </th>
            <th scope="col" className="runs-table__num">
              Retries
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.nodeId}>
              <th scope="row" className="run-nodes__node">
                <div className="run-nodes__node-inner">
                  <NodeTypeChip type={row.type} />
                  <span className="run-nodes__name" title={row.nodeId}>
                    {row.name}
                  </span>
                </div>
              </th>
              <td className="runs-table__num">
                <LiveCount value={row.stats.received} live={live} />
              </td>
              <td>
                <ul className="run-nodes__handles">
                  {row.outputs.map((output) => (
                    <li
                      key={output.handle}
                      className={`run-nodes__handle run-nodes__handle--${output.handle}${output.count === 0 ? ' run-nodes__handle--zero' : ''}`}
                    >
                      <span className="run-nodes__handle-label">{output.label}</span>
                      <LiveCount value={output.count} live={live} />
                    </li>
                  ))}
                </ul>
              </td>
              <td
                className={row.stats.failed > 0 ? 'runs-table__num runs-table__num--red' : 'runs-table__num'}
              >
                <LiveCount value={row.stats.failed} live={live} />
              </td>
              <td className="runs-table__num">
                <LiveCount value={row.stats.skipped} live={live} />
              </td>
              <td className="runs-table__num">
                <LiveCount value={row.stats.retries} live={live} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
