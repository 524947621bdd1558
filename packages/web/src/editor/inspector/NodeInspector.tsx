// The inspector of the selected node: its type, label and id, its validation problems, and the
// settings of its type. Only mode 'edit' changes anything here; an analyst ('criteria') edits just
// the criteria of qualify nodes, a viewer ('readonly') nothing.
import type { FlowNode, NodeType } from '@flowsync/contracts';
import { nodeDisplayName, type FlowIssue } from '@flowsync/flow-core';
import { TextField } from '../../ui/components.tsx';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { useEditor, type EditMode } from '../editor-store.ts';
import { issueSummary } from './issue-paths.ts';
import { LookupInspector } from './LookupInspector.tsx';
import { MapInspector, MapSampleSection } from './MapInspector.tsx';
import { QualifyInspector } from './QualifyInspector.tsx';
import { TriggerInspector } from './TriggerInspector.tsx';
import { UpsertInspector } from './UpsertInspector.tsx';
import './inspector.css';

const NO_ISSUES: FlowIssue[] = [];

const TYPE_LOOK: Record<NodeType, { title: string; icon: IconName; summary: string }> = {
  trigger: { title: 'Trigger', icon: 'trigger', summary: 'Where records come from, and when' },
  qualify: { title: 'Qualify', icon: 'qualify', summary: 'Which records go on (pass) or stop (reject)' },
  lookup: { title: 'Lookup', icon: 'lookup', summary: 'Finds a related record and binds it for later nodes' },
  map: { title: 'Map', icon: 'map', summary: 'Builds the target record field by field' },
  upsert: { title: 'Upsert', icon: 'upsert', summary: 'Writes the mapped record to the target system' },
};

export function NodeInspector({ node }: { node: FlowNode }) {
  const mode = useEditor((s) => s.mode);
  const issues = useEditor((s) => s.nodeIssues.get(node.id)) ?? NO_ISSUES;
  const look = TYPE_LOOK[node.type];
  return (
    <div className="inspector" data-node-type={node.type}>
      <header className="inspector__header">
        <div className="inspector__title-row">
          <span className={`inspector__type inspector__type--${node.type}`}>
            <Icon name={look.icon} size={14} />
            {look.title}
          </span>
          <span className="inspector__node-id mono" title="Node id (never changes)">
            {node.id}
          </span>
        </div>
        <p className="inspector__summary">{look.summary}</p>
        <TextField
          label="Label"
          value={node.label ?? ''}
          placeholder={`${look.title} ${node.id}`}
          maxLength={120}
          disabled={mode !== 'edit'}
          onChange={(event) =>
            useEditor.getState().apply([{ type: 'updateNode', nodeId: node.id, label: event.target.value }], {
              coalesceKey: `${node.id}:label`,
            })
          }
        />
      </header>
      {mode !== 'edit' && <ModeNotice mode={mode} nodeType={node.type} />}
      {issues.length > 0 && <NodeIssues issues={issues} node={node} />}
      <NodeSettings key={node.id} node={node} mode={mode} />
    </div>
  );
}

function NodeSettings({ node, mode }: { node: FlowNode; mode: EditMode }) {
  if (node.type === 'qualify') return <QualifyInspector node={node} />;
  return (
    <>
      <fieldset className="inspector__body" disabled={mode !== 'edit'}>
        <legend className="visually-hidden">{TYPE_LOOK[node.type].title} settings</legend>
        {node.type === 'trigger' && <TriggerInspector node={node} />}
        {node.type === 'lookup' && <LookupInspector node={node} />}
        {node.type === 'map' && <MapInspector node={node} />}
        {node.type === 'upsert' && <UpsertInspector node={node} />}
      </fieldset>
      {node.type === 'map' && <MapSampleSection node={node} />}
    </>
  );
}

function ModeNotice({ mode, nodeType }: { mode: EditMode; nodeType: NodeType }) {
  const text =
    mode === 'readonly'
      ? 'Read only: your role can look at flows but not change them.'
      : nodeType === 'qualify'
        ? 'You can change the qualification criteria and their description; the rest is locked.'
        : 'Locked: your role can change only the qualification criteria of qualify nodes.';
  return (
    <p className="inspector__notice" role="note">
      <Icon name="lock" size={14} />
      {text}
    </p>
  );
}

function NodeIssues({ issues, node }: { issues: FlowIssue[]; node: FlowNode }) {
  const nodeName = nodeDisplayName(node);
  return (
    <div className="inspector__issues" data-testid="inspector-issues">
      <p className="inspector__issues-title">
        <Icon name="errors" size={14} />
        {issues.length === 1 ? '1 problem' : `${issues.length} problems`} in this node
      </p>
      <ul>
        {issues.map((issue, index) => (
          <li key={`${issue.path}-${index}`}>{issueSummary(issue, node, nodeName)}</li>
        ))}
      </ul>
    </div>
  );
}
