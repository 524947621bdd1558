// Temporary module (owner: inspector work) so the editor builds while the inspectors are written.
import type { FlowNode } from '@flowsync/contracts';

export function NodeInspector({ node }: { node: FlowNode }) {
  return <div>{node.id}</div>;
}
