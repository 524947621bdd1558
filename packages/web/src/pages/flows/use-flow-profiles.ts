// The flows list shows where each flow reads and writes and its schedule; the list endpoint carries
// only a summary, so each flow's current document is fetched once per version and profiled.
import { useEffect, useMemo, useState } from 'react';
import type { FlowSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { flowProfile, type FlowProfile } from './flow-profile.ts';

interface Profiled {
  version: number;
  profile: FlowProfile;
}

/**
 * Profiles of the listed flows by id, filled in as their documents arrive (a row shows the summary
 * until then). A flow's document is fetched again only when its version changes.
 */
export function useFlowProfiles(flows: readonly FlowSummary[] | undefined): Record<string, FlowProfile> {
  const [profiled, setProfiled] = useState<Record<string, Profiled>>({});
  const wanted = (flows ?? []).map((flow) => `${flow.id}@${flow.currentVersion}`).join(' ');

  useEffect(() => {
    let cancelled = false;
    for (const entry of wanted.split(' ')) {
      if (!entry) continue;
      const [flowId = '', version] = entry.split('@');
      if (profiled[flowId]?.version === Number(version)) continue;
      api.flows.get(flowId).then(
        (detail) => {
          if (cancelled) return;
          setProfiled((current) => ({
            ...current,
            [flowId]: { version: detail.version, profile: flowProfile(detail.flow) },
          }));
        },
        // The row keeps showing the summary's trigger kinds; the list itself reports load errors.
        () => undefined,
      );
    }
    return () => {
      cancelled = true;
    };
    // Only a new flow or version needs a fetch; `profiled` changing is the result of one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted]);

  return useMemo(() => {
    const profiles: Record<string, FlowProfile> = {};
    for (const [flowId, entry] of Object.entries(profiled)) profiles[flowId] = entry.profile;
    return profiles;
  }, [profiled]);
}
