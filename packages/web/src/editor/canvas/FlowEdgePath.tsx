// One edge on the canvas: styled by the output it leaves from (pass, reject, found, notFound, out),
// labelled with the number of records that went along it in the latest run, animated while it runs.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useEditor } from '../editor-store.ts';
import { formatCount } from '../../ui/format.ts';
import { useEdgeCount, useRunActive } from '../run/use-flow-runs.ts';
import type { CanvasEdge } from './canvas-elements.ts';
import { edgePointAt } from './edge-geometry.ts';

function FlowEdgePathImpl({
  id,
  source,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  markerEnd,
}: EdgeProps<CanvasEdge>) {
  const handle = data?.handle ?? 'out';
  const flowId = useEditor((s) => s.flowId);
  const count = useEdgeCount(flowId, source, handle);
  const active = useRunActive(flowId);
  const [path] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const label = edgePointAt(sourceX, sourceY, targetX, targetY);
  const classes = [
    'flow-edge',
    `flow-edge--${handle}`,
    selected && 'flow-edge--selected',
    active && 'flow-edge--active',
  ];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={classes.filter(Boolean).join(' ')}
        markerEnd={markerEnd}
        interactionWidth={18}
      />
      {count !== undefined && (
        <EdgeLabelRenderer>
          <div className="flow-edge__anchor" style={{ left: label.x, top: label.y }}>
            <div
              className={`flow-edge__count flow-edge__count--${handle}${count === 0 ? ' flow-edge__count--zero' : ''}`}
              data-testid={`edge-count-${id}`}
              title={`${formatCount(count)} records went along this edge in the latest run`}
            >
              {formatCount(count)}
            </div>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdgePath = memo(FlowEdgePathImpl);
