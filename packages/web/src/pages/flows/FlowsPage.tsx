// The flows list (/flows): every flow with its route, trigger, state and last run, live while runs
// execute. Admins switch flows on and off; admins and integrators run them and sync selected records.
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { FlowSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { useTopic } from '../../api/use-topic.ts';
import { usePermissions } from '../../state/session.ts';
import { Button, EmptyState, ErrorState, LoadingState, PageHeader } from '../../ui/components.tsx';
import { toast } from '../../ui/toast.tsx';
import { useLiveEvent } from '../runs/use-live-event.ts';
import { useNow } from '../runs/use-now.ts';
import { FlowRow } from './FlowRow.tsx';
import { SyncSelectedDialog } from './SyncSelectedDialog.tsx';
import { useFlowProfiles } from './use-flow-profiles.ts';
import './flows.css';

export function FlowsPage() {
  const permissions = usePermissions();
  const [, navigate] = useLocation();
  const flows = useResource(() => api.flows.list(), []);
  const profiles = useFlowProfiles(flows.data?.flows);
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const [syncing, setSyncing] = useState<FlowSummary | undefined>(undefined);
  const now = useNow(15_000);
  const { reload } = flows;

  useTopic('flows');
  useLiveEvent(['flow.changed', 'run.finished'], reload);

  // An optimistic switch state is dropped once the list agrees with it.
  const listed = flows.data?.flows;
  useEffect(() => {
    if (!listed) return;
    setSwitching((current) => {
      const left = Object.entries(current).filter(
        ([id, on]) => listed.find((f) => f.id === id)?.enabled !== on,
      );
      return left.length === Object.keys(current).length ? current : Object.fromEntries(left);
    });
  }, [listed]);

  const toggle = useCallback(
    (flow: FlowSummary, enabled: boolean) => {
      setSwitching((current) => ({ ...current, [flow.id]: enabled }));
      api.flows.setEnabled(flow.id, enabled).then(
        () => {
          toast.success(enabled ? `${flow.name} is on` : `${flow.name} is off`);
          reload();
        },
        (error: unknown) => {
          setSwitching((current) => {
            const { [flow.id]: _dropped, ...rest } = current;
            return rest;
          });
          toast.error(`Could not switch ${flow.name} ${enabled ? 'on' : 'off'}`, describeError(error));
        },
      );
    },
    [reload],
  );

  const newFlow = permissions.editFlows && (
    <Button variant="primary" icon="plus" onClick={() => navigate('/flows/new')}>
      New flow
    </Button>
  );

  return (
    <div className="page flows-page">
      <PageHeader
        title="Flows"
        subtitle="What each integration moves, when it runs, and how its last run went."
        actions={newFlow}
      />
      {flows.state === 'loading' && !flows.data && <LoadingState label="Loading flows…" />}
      {flows.state === 'error' && !flows.data && (
        <ErrorState title="Could not load the flows" message={describeError(flows.error)} onRetry={reload} />
      )}
      {flows.data && flows.data.flows.length === 0 && (
        <div className="card">
          <EmptyState icon="flows" title="No flows yet" actions={newFlow}>
            {permissions.editFlows
              ? 'A flow moves records from one system to another. Create one on the canvas.'
              : 'Flows appear here once an integrator creates them.'}
          </EmptyState>
        </div>
      )}
      {flows.data && flows.data.flows.length > 0 && (
        <div className="card flows-card">
          {flows.state === 'error' && (
            <div className="flows-card__stale" role="alert">
              Could not refresh: {describeError(flows.error)}{' '}
              <Button size="sm" icon="refresh" onClick={reload}>
                Try again
              </Button>
            </div>
          )}
          <table className="table flows-table">
            <colgroup>
              <col className="flows-table__flow" />
              <col className="flows-table__trigger" />
              <col className="flows-table__status" />
              <col className="flows-table__run" />
              {permissions.operateRuns && <col className="flows-table__actions" />}
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Flow</th>
                <th scope="col">Runs</th>
                <th scope="col">Status</th>
                <th scope="col">Last run</th>
                {permissions.operateRuns && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {flows.data.flows.map((flow) => (
                <FlowRow
                  key={flow.id}
                  flow={flow}
                  profile={profiles[flow.id]}
                  canSwitch={permissions.enableFlows}
                  canOperate={permissions.operateRuns}
                  enabled={switching[flow.id] ?? flow.enabled}
                  now={now}
                  onToggle={toggle}
                  onSync={setSyncing}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {syncing && (
        <SyncSelectedDialog
          flow={syncing}
          profile={profiles[syncing.id]}
          onClose={() => setSyncing(undefined)}
        />
      )}
    </div>
  );
}
