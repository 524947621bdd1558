// One node on the canvas: type accent and icon, title, a one-line summary, its validation problems,
// its input handle and named output handles, and the live counters of the flow's latest run.
// Memoised, and every store read is narrow, so a counter update or an edit elsewhere does not
// re-render it.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { NODE_OUTPUTS } from '@flowsync/contracts';
import { useEditor } from '../editor-store.ts';
import { Icon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { useNodeStats } from '../run/use-flow-runs.ts';
import type { CanvasNode } from './canvas-elements.ts';
import { NODE_TYPE_TITLES } from './node-defaults.ts';
import { issueOnNode, nodeSummary, nodeTitle, OUTPUT_LABELS, summaryIsCode } from './node-summary.ts';

/** Separates the messages of the issue selector's string (a string keeps the selector stable). */
const ISSUE_SEPARATOR = '\u241e';

function FlowNodeCardImpl({ id, data, selected }: NodeProps<CanvasNode>) {
  const node = data.node;
  const flowId = useEditor((s) => s.flowId);
  const editable = useEditor((s) => s.mode === 'edit');
  const issueText = useEditor((s) =>
    (s.nodeIssues.get(id) ?? []).map((issue) => issue.message).join(ISSUE_SEPARATOR),
  );
  const title = nodeTitle(node);
  const issues = issueText ? issueText.split(ISSUE_SEPARATOR).map((m) => issueOnNode(node, m)) : [];
  const outputs: readonly string[] = NODE_OUTPUTS[node.type];
  const stats = useNodeStats(flowId, id);
  const hasStats = stats.received !== undefined;

  const classes = [
    'flow-node',
    `flow-node--${node.type}`,
    selected && 'flow-node--selected',
    issues.length > 0 && 'flow-node--invalid',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${id}`}>
      {node.type !== 'trigger' && (
        <Handle
          type="target"
          position={Position.Left}
          className="flow-node__handle flow-node__handle--in"
          isConnectable={editable}
        />
      )}
      <div className="flow-node__header">
        <span className="flow-node__icon" aria-hidden="true">
          <Icon name={node.type} size={14} />
        </span>
        <span className="flow-node__type">{NODE_TYPE_TITLES[node.type]}</span>
        {issues.length > 0 && (
          <div className="flow-node__issues" data-testid={`node-issues-${id}`}>
            <span className="flow-node__issue-count" title={issues.join('\n')}>
              <Icon name="errors" size={12} />
              {issues.length}
              <span className="visually-hidden">{issues.length === 1 ? ' problem' : ' problems'}</span>
            </span>
            <ul className="flow-node__issue-list">
              {issues.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="flow-node__title" title={title}>
        {title}
      </div>
      <div className={summaryIsCode(node.type) ? 'flow-node__summary mono' : 'flow-node__summary'}>
        {nodeSummary(node)}
      </div>
      <div
        className="flow-node__stats"
        data-testid={`node-stats-${id}`}
        data-state={hasStats ? 'run' : 'none'}
        {...(hasStats
          ? {
              'data-received': stats.received,
              'data-failed': stats.failed,
              'data-skipped': stats.skipped,
              ...Object.fromEntries(
                outputs.map((o) => [`data-out-${o.toLowerCase()}`, stats[`out:${o}`] ?? 0]),
              ),
            }
          : {})}
      >
        <div className="flow-node__counters">
          {hasStats ? (
            <>
              <span className="flow-node__counter" title="Records received">
                <b className="num">{formatCount(stats.received ?? 0)}</b> in
              </span>{' '}
              {(stats.failed ?? 0) > 0 && (
                <span className="flow-node__counter flow-node__counter--failed" title="Records failed">
                  <b className="num">{formatCount(stats.failed ?? 0)}</b> failed{' '}
                </span>
              )}
              {(stats.skipped ?? 0) > 0 && (
                <span className="flow-node__counter" title="Records skipped (unchanged)">
                  <b className="num">{formatCount(stats.skipped ?? 0)}</b> skipped
                </span>
              )}
            </>
          ) : (
            <span className="flow-node__counter flow-node__counter--idle">No runs yet</span>
          )}
        </div>{' '}
        <ul className="flow-node__outputs">
          {outputs.map((output) => (
            <li key={output} className={`flow-node__output flow-node__output--${output}`}>
              <span className="flow-node__output-label">{OUTPUT_LABELS[output] ?? output}</span>{' '}
              {hasStats && (
                <span className="flow-node__output-count num">
                  {formatCount(stats[`out:${output}`] ?? 0)}
                </span>
              )}
              <Handle
                type="source"
                id={output}
                position={Position.Right}
                className={`flow-node__handle flow-node__handle--${output}`}
                isConnectable={editable}
              />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardImpl);
