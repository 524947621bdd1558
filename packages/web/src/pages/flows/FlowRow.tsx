// One flow in the flows list: what it connects, when it runs, whether it is on, how its last run went
// (live while a run is active), and the actions the signed-in role may take.
import { memo, useState } from 'react';
import { Link } from 'wouter';
import type { FlowSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import { Badge, IconButton, RunStatusBadge, Switch } from '../../ui/components.tsx';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { LiveCount } from '../runs/LiveCount.tsx';
import {
  endpointText,
  shownRun,
  triggerLinesOfKinds,
  type FlowProfile,
  type ShownRun,
  type TriggerLine,
} from './flow-profile.ts';

const TRIGGER_ICONS: Record<TriggerLine['kind'], IconName> = {
  schedule: 'history',
  realtime: 'trigger',
  manual: 'play',
};

export interface FlowRowProps {
  flow: FlowSummary;
  profile: FlowProfile | undefined;
  /** Admins switch flows on and off. */
  canSwitch: boolean;
  /** Admins and integrators run flows and sync selected records. */
  canOperate: boolean;
  /** The enabled state to show (an optimistic switch shows the new state before the server agrees). */
  enabled: boolean;
  now: number;
  onToggle: (flow: FlowSummary, enabled: boolean) => void;
  onSync: (flow: FlowSummary) => void;
}

export const FlowRow = memo(function FlowRow({
  flow,
  profile,
  canSwitch,
  canOperate,
  enabled,
  now,
  onToggle,
  onSync,
}: FlowRowProps) {
  const snapshot = useLiveRuns((s) => {
    const runId = s.latestRunOfFlow[flow.id];
    return runId === undefined ? undefined : s.runs[runId];
  });
  const run = shownRun(flow.lastRun, snapshot);
  const triggers = profile?.triggers ?? triggerLinesOfKinds(flow.triggerKinds);

  return (
    <tr className={run?.live ? 'flows-row flows-row--live' : 'flows-row'}>
      <td className="flows-row__flow">
        <Link href={`/flows/${flow.id}`} className="flows-row__name">
          {flow.name}
        </Link>
        {profile?.source && (
          <div className="flows-row__route">
            <span>{endpointText(profile.source)}</span>
            <Icon name="chevronRight" size={14} aria-hidden="true" />
            <span>
              {profile.targets.length > 0 ? profile.targets.map(endpointText).join(', ') : 'no target yet'}
            </span>
          </div>
        )}
        {flow.description && (
          <p className="flows-row__description" title={flow.description}>
            {flow.description}
          </p>
        )}
      </td>
      <td>
        <ul className="flows-row__triggers">
          {triggers.map((line) => (
            <li key={line.kind}>
              <Icon name={TRIGGER_ICONS[line.kind]} size={14} />
              {line.label}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <div className="flows-row__status">
          {canSwitch ? (
            <span className="row">
              <Switch
                label={`Enabled: ${flow.name}`}
                checked={enabled}
                onChange={(next) => onToggle(flow, next)}
                title={enabled ? 'On: runs on its schedule and events' : 'Off: runs only by hand'}
              />
              <span className={enabled ? 'flows-row__state flows-row__state--on' : 'flows-row__state'}>
                {enabled ? 'Enabled' : 'Disabled'}
              </span>
            </span>
          ) : (
            <Badge tone={enabled ? 'green' : 'gray'}>{enabled ? 'Enabled' : 'Disabled'}</Badge>
          )}
          {flow.openErrors > 0 && (
            <Link href={`/errors?flowId=${encodeURIComponent(flow.id)}`} className="flows-row__errors">
              {flow.openErrors.toLocaleString('en')} open {flow.openErrors === 1 ? 'error' : 'errors'}
            </Link>
          )}
        </div>
      </td>
      <td>
        <LastRun run={run} now={now} />
      </td>
      {canOperate && (
        <td className="flows-row__actions">
          <RunNowButton flow={flow} busyRun={run?.live === true} />
          <IconButton
            icon="sync"
            variant="default"
            label={`Sync selected records of ${flow.name}`}
            onClick={() => onSync(flow)}
          />
        </td>
      )}
    </tr>
  );
});

function RunNowButton({ flow, busyRun }: { flow: FlowSummary; busyRun: boolean }) {
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    try {
      const run = await api.flows.runNow(flow.id);
      toast.success(`${flow.name} started`, 'The run is queued.', {
        href: `/runs/${run.id}`,
        label: 'Open the run',
      });
    } catch (error) {
      toast.error(`Could not start ${flow.name}`, describeError(error));
    } finally {
      setStarting(false);
    }
  };
  return (
    <IconButton
      icon="play"
      variant="default"
      label={`Run ${flow.name} now`}
      busy={starting}
      className={busyRun ? 'flows-row__run--busy' : undefined}
      onClick={() => void start()}
    />
  );
}

function LastRun({ run, now }: { run: ShownRun | undefined; now: number }) {
  if (!run) return <span className="muted">Never run</span>;
  const { totals } = run;
  return (
    <div className="flows-last-run">
      <div className="flows-last-run__head">
        <RunStatusBadge status={run.status} />
        <Link
          href={`/runs/${run.id}`}
          className={run.live ? 'flows-last-run__when flows-last-run__when--live' : 'flows-last-run__when'}
          title={formatDateTime(run.at)}
        >
          {run.live ? 'Watch live' : timeAgo(run.at, now)}
        </Link>
      </div>
      <dl className="flows-totals" aria-label="Last run totals">
        <Total label="read" value={totals.read} live={run.live} />
        <Total label="written" value={totals.written} live={run.live} />
        <Total label="rejected" value={totals.rejected} live={run.live} tone="amber" />
        <Total label="failed" value={totals.failed} live={run.live} tone="red" />
      </dl>
      {run.live && <div className="flows-last-run__progress" aria-hidden="true" />}
    </div>
  );
}

function Total({
  label,
  value,
  live,
  tone,
}: {
  label: string;
  value: number;
  live: boolean;
  tone?: 'amber' | 'red';
}) {
  const classes = ['flows-totals__item', tone && value > 0 && `flows-totals__item--${tone}`];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <dt>{label}</dt>
      <dd>
        <LiveCount value={value} live={live} />
      </dd>
    </div>
  );
}
