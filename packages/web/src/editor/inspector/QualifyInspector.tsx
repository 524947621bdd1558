// Qualify settings: the criteria editor (rule builder, JSONata, the criteria's description and the
// live preview), which is its own component. It stays editable for analysts ('criteria' mode), so it
// is not inside the disabled fieldset the other node types use.
import type { QualifyNode } from '@flowsync/contracts';
import { CriteriaEditor } from '../criteria/CriteriaEditor.tsx';

export function QualifyInspector({ node }: { node: QualifyNode }) {
  return (
    <div className="inspector__criteria">
      <CriteriaEditor node={node} />
    </div>
  );
}
