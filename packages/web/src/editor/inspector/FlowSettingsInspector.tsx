// The inspector when no single node is selected: the flow's description and run settings (batch
// size, concurrency, retries, error policy, overlapping runs) and every validation problem of the
// flow, each leading to its node.
import type { FlowSettings } from '@flowsync/contracts';
import { nodeDisplayName, type FlowIssue } from '@flowsync/flow-core';
import { SelectField, TextArea } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useEditor } from '../editor-store.ts';
import { withKey } from './config-edits.ts';
import { issueSummary } from './issue-paths.ts';
import { describeSeconds, NumberField, Section } from './inspector-kit.tsx';
import './inspector.css';

function settingsIssue(issues: readonly FlowIssue[], path: string): string | undefined {
  const found = issues.find((issue) => issue.path === `/settings${path}`);
  return found ? found.message.replace(/^Settings: [^:]+: /, '') : undefined;
}

export function FlowSettingsInspector() {
  const flow = useEditor((s) => s.flow);
  const issues = useEditor((s) => s.issues);
  const mode = useEditor((s) => s.mode);
  const settings = flow.settings;
  const apply = useEditor((s) => s.apply);
  const setSettings = (next: FlowSettings, field: string) =>
    apply([{ type: 'updateSettings', settings: next }], { coalesceKey: `settings:${field}` });
  const set = <K extends keyof FlowSettings>(key: K, value: FlowSettings[K] | undefined) =>
    setSettings(withKey(settings, key, value), String(key));
  const retry = settings.retry ?? {
    attempts: 4,
    backoff: 'exponential',
    baseDelayMs: 500,
    maxDelayMs: 60_000,
  };
  const setRetry = <K extends keyof FlowSettings['retry']>(
    key: K,
    value: FlowSettings['retry'][K] | undefined,
  ) => setSettings({ ...settings, retry: withKey(retry, key, value) }, `retry.${String(key)}`);
  const errorPolicy = settings.errorPolicy ?? { mode: 'continue' };

  return (
    <div className="inspector">
      <header className="inspector__header">
        <div className="inspector__title-row">
          <span className="inspector__type inspector__type--flow">
            <Icon name="flows" size={14} />
            Flow
          </span>
          {flow.id && (
            <span className="inspector__node-id mono" title="Flow id (never changes)">
              {flow.id}
            </span>
          )}
        </div>
        <p className="inspector__summary">
          Select a node on the canvas to edit it; these settings apply to the whole flow.
        </p>
      </header>
      {mode !== 'edit' && (
        <p className="inspector__notice" role="note">
          <Icon name="lock" size={14} />
          {mode === 'readonly'
            ? 'Read only: your role can look at flows but not change them.'
            : 'Locked: your role can change only the qualification criteria of qualify nodes.'}
        </p>
      )}
      <FlowProblems issues={issues} />
      <fieldset className="inspector__body" disabled={mode !== 'edit'}>
        <legend className="visually-hidden">Flow settings</legend>
        <Section title="About">
          <TextArea
            label="Description"
            value={flow.description ?? ''}
            rows={3}
            maxLength={4000}
            placeholder="What this flow keeps in sync, and why"
            onChange={(event) =>
              apply([{ type: 'renameFlow', name: flow.name, description: event.target.value }], {
                coalesceKey: 'flow:description',
              })
            }
          />
        </Section>
        <Section title="Processing">
          <div className="inspector__pair">
            <NumberField
              label="Batch size"
              min={1}
              max={10_000}
              value={settings.batchSize}
              hint="Records per page."
              error={settingsIssue(issues, '/batchSize')}
              onChange={(value) => set('batchSize', value)}
            />
            <NumberField
              label="Concurrency"
              min={1}
              max={64}
              value={settings.concurrency}
              hint="Pages in flight at once."
              error={settingsIssue(issues, '/concurrency')}
              onChange={(value) => set('concurrency', value)}
            />
          </div>
          <SelectField
            label="Overlapping runs"
            value={settings.overlap ?? 'skip'}
            options={[
              { value: 'skip', label: 'Skip a run that is due while one still runs' },
              { value: 'queue', label: 'Queue it until the running one ends' },
            ]}
            onChange={(event) => set('overlap', event.target.value as FlowSettings['overlap'])}
          />
        </Section>
        <Section
          title="Retries"
          description="For transient failures: network, rate limits (Retry-After is honoured), 5xx."
        >
          <div className="inspector__pair">
            <NumberField
              label="Retry attempts"
              min={1}
              max={20}
              value={retry.attempts}
              hint="Tries per call, the first included."
              error={settingsIssue(issues, '/retry/attempts')}
              onChange={(value) => setRetry('attempts', value)}
            />
            <SelectField
              label="Backoff"
              value={retry.backoff ?? 'exponential'}
              options={[
                { value: 'exponential', label: 'Exponential' },
                { value: 'fixed', label: 'Fixed' },
              ]}
              onChange={(event) =>
                setRetry('backoff', event.target.value as FlowSettings['retry']['backoff'])
              }
            />
          </div>
          <div className="inspector__pair">
            <NumberField
              label="Base delay"
              unit="ms"
              min={0}
              max={600_000}
              value={retry.baseDelayMs}
              error={settingsIssue(issues, '/retry/baseDelayMs')}
              onChange={(value) => setRetry('baseDelayMs', value)}
            />
            <NumberField
              label="Max delay"
              unit="ms"
              min={0}
              max={3_600_000}
              value={retry.maxDelayMs}
              hint={describeSeconds(retry.maxDelayMs === undefined ? undefined : retry.maxDelayMs / 1000)}
              error={settingsIssue(issues, '/retry/maxDelayMs')}
              onChange={(value) => setRetry('maxDelayMs', value)}
            />
          </div>
        </Section>
        <Section title="Record errors">
          <SelectField
            label="Error policy"
            value={errorPolicy.mode ?? 'continue'}
            options={[
              { value: 'continue', label: 'Continue: keep failed records in the error inbox' },
              { value: 'stopAfter', label: 'Stop the run after too many errors' },
            ]}
            onChange={(event) =>
              set(
                'errorPolicy',
                event.target.value === 'stopAfter'
                  ? { mode: 'stopAfter', maxErrors: errorPolicy.maxErrors ?? 100 }
                  : { mode: 'continue' },
              )
            }
          />
          {errorPolicy.mode === 'stopAfter' && (
            <NumberField
              label="Max errors"
              min={1}
              value={errorPolicy.maxErrors}
              hint="The run fails once this many records have failed."
              error={settingsIssue(issues, '/errorPolicy/maxErrors')}
              onChange={(value) => set('errorPolicy', withKey(errorPolicy, 'maxErrors', value))}
            />
          )}
        </Section>
      </fieldset>
    </div>
  );
}

function FlowProblems({ issues }: { issues: FlowIssue[] }) {
  const nodes = useEditor((s) => s.flow.nodes);
  const select = useEditor((s) => s.select);
  if (issues.length === 0) {
    return (
      <p className="inspector__valid">
        <Icon name="check" size={14} />
        No problems: this flow is valid.
      </p>
    );
  }
  return (
    <div className="inspector__issues" data-testid="flow-issues">
      <p className="inspector__issues-title">
        <Icon name="errors" size={14} />
        {issues.length === 1 ? '1 problem' : `${issues.length} problems`} in this flow
      </p>
      <ul>
        {issues.map((issue, index) => {
          const node = issue.nodeId === undefined ? undefined : nodes.find((n) => n.id === issue.nodeId);
          const text = node ? issueSummary(issue, node, nodeDisplayName(node)) : issue.message;
          return (
            <li key={`${issue.path}-${index}`}>
              {node ? (
                <button type="button" className="inspector__issue-link" onClick={() => select([node.id])}>
                  <span className="inspector__issue-node">{node.label || node.id}</span>
                  <span>{text}</span>
                </button>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
