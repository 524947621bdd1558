import type { Flow } from '@flowsync/contracts';
import { nodeDisplayName } from '@flowsync/flow-core';
import type { ApiIssue } from '../app-error.ts';
import { nextTick } from '../runs/scheduler.ts';

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Cron expressions and time zones, checked with the scheduler's own parser when a flow is saved, so an
 * invalid schedule is refused then rather than discovered when the flow is switched on.
 */
export function scheduleIssues(flow: Flow): (ApiIssue & { nodeId: string })[] {
  const issues: (ApiIssue & { nodeId: string })[] = [];
  flow.nodes.forEach((node, index) => {
    if (node.type !== 'trigger' || node.config.schedule?.kind !== 'cron') return;
    const schedule = node.config.schedule;
    const name = `Trigger "${nodeDisplayName(node)}"`;
    if (schedule.timezone !== undefined && !validTimeZone(schedule.timezone)) {
      issues.push({
        path: `/nodes/${index}/config/schedule/timezone`,
        message: `${name}: schedule.timezone "${schedule.timezone}" is not an IANA time zone`,
        nodeId: node.id,
      });
      return;
    }
    try {
      nextTick(schedule, Date.now());
    } catch (error) {
      issues.push({
        path: `/nodes/${index}/config/schedule/expression`,
        message: `${name}: schedule.expression: ${error instanceof Error ? error.message : String(error)}`,
        nodeId: node.id,
      });
    }
  });
  return issues;
}
