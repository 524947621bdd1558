// The qualification criteria editor of a qualify node: a rule builder and the JSONata text, kept in
// step (the text is what is saved; the builder shows it when it can and never rewrites it unasked),
// the node's description, and a live preview against the trigger's sample records. Admins and
// integrators ('edit') and analysts ('criteria') change it; viewers only read it.
import { useMemo, useState } from 'react';
import type { QualifyConfig, QualifyNode } from '@flowsync/contracts';
import { checkExpressionSyntax } from '@flowsync/expression';
import { Badge, Button, Tabs, TextArea } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { usePermissions } from '../../state/session.ts';
import { useEditor } from '../editor-store.ts';
import { CriteriaPreview } from './CriteriaPreview.tsx';
import { parseCriteria, type ParseResult } from './jsonata-to-rule.ts';
import { RuleBuilder } from './RuleBuilder.tsx';
import { ruleFields } from './rule-edit.ts';
import { ruleProblems, type RuleGroup } from './rule-model.ts';
import { renderRule } from './rule-to-jsonata.ts';
import { useCriteriaFields } from './use-criteria-fields.ts';
import './criteria.css';

type CriteriaTab = 'builder' | 'jsonata';

const TABS: readonly { value: CriteriaTab; label: string }[] = [
  { value: 'builder', label: 'Rule builder' },
  { value: 'jsonata', label: 'JSONata' },
];

/** A builder edit not yet (or not yet fully) in the text: `anchor` is the text it belongs to. */
interface BuilderDraft {
  rule: RuleGroup;
  anchor: string;
}

/** Writes the node's config through the editor store (refused there when the mode does not allow it). */
function updateConfig(
  nodeId: string,
  change: Partial<QualifyConfig>,
  field: 'criteria' | 'description',
): void {
  const state = useEditor.getState();
  const current = state.flow.nodes.find((n) => n.id === nodeId);
  if (current?.type !== 'qualify') return;
  const config: QualifyConfig = { ...current.config, ...change };
  if (config.description === '') delete config.description;
  state.apply([{ type: 'updateConfig', nodeId, config }], { coalesceKey: `${nodeId}:${field}` });
}

export function CriteriaEditor({ node }: { node: QualifyNode }) {
  const mode = useEditor((s) => s.mode);
  const flow = useEditor((s) => s.flow);
  const editable = mode === 'edit' || mode === 'criteria';
  // Sample records are record data: the server refuses them to viewers.
  const readsRecords = usePermissions().role !== 'viewer';
  const expression = node.config.expression ?? '';
  const parsed = useMemo(() => parseCriteria(expression), [expression]);
  const [tab, setTab] = useState<CriteriaTab>(() => (parsed.ok ? 'builder' : 'jsonata'));
  const [draft, setDraft] = useState<BuilderDraft | undefined>();

  // The builder shows its own draft while that still belongs to the text, else the text read afresh
  // (after an edit in the JSONata tab, an undo, a reload).
  const rule =
    draft !== undefined && draft.anchor === expression ? draft.rule : parsed.ok ? parsed.rule : undefined;
  const problems = useMemo(() => (rule ? ruleProblems(rule) : []), [rule]);
  const inUse = useMemo(() => (rule ? ruleFields(rule) : []), [rule]);
  const { groups, trigger, aliases } = useCriteriaFields(flow, node.id, inUse);

  const changeRule = (next: RuleGroup) => {
    if (ruleProblems(next).length > 0) {
      // Incomplete (a condition without a field, an empty group): kept here, the saved text unchanged.
      setDraft({ rule: next, anchor: expression });
      return;
    }
    const text = renderRule(next);
    setDraft({ rule: next, anchor: text });
    if (text !== expression) updateConfig(node.id, { expression: text }, 'criteria');
  };

  return (
    <section className="criteria" aria-label="Qualification criteria">
      <div className="criteria__head">
        <h3 className="criteria__title">
          <Icon name="qualify" size={14} />
          Qualification criteria
        </h3>
        {!editable && (
          <Badge title="Your role can read the criteria but not change them">
            <Icon name="lock" size={12} />
            Read only
          </Badge>
        )}
      </div>
      <p className="criteria__intro">
        Records that meet the criteria go on through “pass”; the others leave through “reject”.
      </p>

      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Criteria editor" />
      <div
        className="criteria__panel"
        role="tabpanel"
        aria-label={tab === 'builder' ? 'Rule builder' : 'JSONata'}
      >
        {tab === 'builder' ? (
          rule === undefined ? (
            <NotRepresentable result={parsed} onEditText={() => setTab('jsonata')} />
          ) : (
            <>
              {trigger.state === 'error' && (
                <p className="criteria-note criteria-note--warn">
                  <Icon name="errors" size={14} />
                  <span>Could not load the trigger’s fields: {trigger.error}</span>
                </p>
              )}
              <RuleBuilder
                rule={rule}
                fields={groups}
                problems={problems}
                disabled={!editable}
                onChange={changeRule}
              />
              {problems.length > 0 ? (
                <p className="criteria-note criteria-note--warn" role="status">
                  <Icon name="info" size={14} />
                  <span>
                    Finish the marked conditions to apply them; until then the criteria stay as they were.
                  </span>
                </p>
              ) : (
                editable &&
                parsed.ok &&
                draft?.anchor !== expression &&
                renderRule(parsed.rule) !== expression.trim() && (
                  <p className="criteria-note">
                    <Icon name="info" size={14} />
                    <span>A change here rewrites the expression in the builder’s own notation.</span>
                  </p>
                )
              )}
            </>
          )
        ) : (
          <JsonataText
            expression={expression}
            editable={editable}
            onChange={(text) => updateConfig(node.id, { expression: text }, 'criteria')}
          />
        )}
      </div>

      <TextArea
        label="Description"
        fieldClassName="criteria__description"
        rows={2}
        maxLength={500}
        value={node.config.description ?? ''}
        placeholder="What the criteria mean, in words (shown in the history and to analysts)"
        readOnly={!editable}
        onChange={(event) => updateConfig(node.id, { description: event.target.value }, 'description')}
      />

      {readsRecords ? (
        <CriteriaPreview flow={flow} expression={expression} aliases={aliases} />
      ) : (
        <p className="criteria-note">
          <Icon name="lock" size={14} />
          <span>The preview shows record data, which only admins, integrators and analysts see.</span>
        </p>
      )}
    </section>
  );
}

function NotRepresentable({ result, onEditText }: { result: ParseResult; onEditText: () => void }) {
  if (result.ok) return null;
  return (
    <div className="criteria-unrepresentable" role="note">
      <p className="criteria-unrepresentable__title">
        <Icon name="info" size={14} />
        {result.kind === 'syntax'
          ? 'The expression has a syntax error'
          : 'The rule builder cannot show this expression'}
      </p>
      <p>
        {result.kind === 'syntax'
          ? `${result.message}. Fix it in the JSONata tab.`
          : `It uses ${result.construct}. It stays exactly as written; edit it as text.`}
      </p>
      <Button size="sm" icon="edit" onClick={onEditText}>
        Edit as JSONata
      </Button>
    </div>
  );
}

function JsonataText({
  expression,
  editable,
  onChange,
}: {
  expression: string;
  editable: boolean;
  onChange: (text: string) => void;
}) {
  const syntax = useMemo(
    () => (expression.trim() === '' ? undefined : (checkExpressionSyntax(expression) ?? undefined)),
    [expression],
  );
  return (
    <div className="criteria-jsonata">
      <TextArea
        label="JSONata expression"
        className="mono criteria-jsonata__input"
        rows={5}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={expression}
        readOnly={!editable}
        error={
          expression.trim() === '' ? 'Enter the criteria (true lets every record through)' : syntax?.message
        }
        hint="Records qualify when this is true. Lookup results are $alias, e.g. $account.targetId; top-level “and” conditions are reported one by one."
        onChange={(event) => onChange(event.target.value)}
      />
      {syntax && <SyntaxPointer text={expression} position={syntax.position} />}
    </div>
  );
}

/** The expression with the place of a syntax error marked. */
function SyntaxPointer({ text, position }: { text: string; position: number }) {
  const at = Math.min(Math.max(position, 0), text.length);
  return (
    <pre className="code-block criteria-jsonata__pointer" aria-hidden="true">
      {text.slice(0, at)}
      <mark>{text.slice(at, at + 1) || ' '}</mark>
      {text.slice(at + 1)}
    </pre>
  );
}
