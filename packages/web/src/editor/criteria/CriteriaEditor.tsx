// Temporary module (owner: criteria work) so the inspector builds while the criteria editor is written.
import type { QualifyNode } from '@flowsync/contracts';

export function CriteriaEditor({ node }: { node: QualifyNode }) {
  return <div>{node.config.expression}</div>;
}
