// The condition pickers' field list for one qualify node, from the connector describes of the flow's
// trigger object and of the connector lookups upstream (loaded on first use, shared with the inspectors).
import { useEffect, useMemo } from 'react';
import type { Flow } from '@flowsync/contracts';
import { useConnectorMetadata, useObjectDescription, type Loadable } from '../connector-metadata.ts';
import { lookupResultFields, upstreamLookups } from '../inspector/flow-paths.ts';
import { triggerOf } from '../sample-records.ts';
import { fieldChoices, type FieldChoiceGroup, type LookupFields } from './criteria-fields.ts';
import type { ConnectorObjectInfo } from '@flowsync/contracts';

export interface CriteriaFields {
  groups: FieldChoiceGroup[];
  /** The trigger object's describe, for its loading and error states. */
  trigger: Loadable<ConnectorObjectInfo>;
  /** Aliases of the lookups upstream (`account` for `$account`). */
  aliases: string[];
}

/**
 * Field choices for the conditions of `nodeId`, including the paths `inUse` by its rule.
 *
 * @example
 * const { groups } = useCriteriaFields(flow, node.id, ['Email']);
 */
export function useCriteriaFields(flow: Flow, nodeId: string, inUse: readonly string[]): CriteriaFields {
  const trigger = triggerOf(flow);
  const triggerDescription = useObjectDescription(trigger?.connection, trigger?.object);
  const lookups = useMemo(() => upstreamLookups(flow, nodeId), [flow, nodeId]);
  const descriptions = useConnectorMetadata((s) => s.descriptions);
  const loadDescription = useConnectorMetadata((s) => s.loadDescription);

  const connectorSources = lookups.flatMap((lookup) =>
    lookup.config.source?.kind === 'connector' &&
    lookup.config.source.connection &&
    lookup.config.source.object
      ? [`${lookup.config.source.connection}/${lookup.config.source.object}`]
      : [],
  );
  const sourcesKey = connectorSources.join('\n');
  useEffect(() => {
    for (const key of sourcesKey === '' ? [] : sourcesKey.split('\n')) {
      const [connection, object] = key.split('/') as [string, string];
      loadDescription(connection, object);
    }
  }, [sourcesKey, loadDescription]);

  const inUseKey = inUse.join('\n');
  const groups = useMemo(() => {
    const lookupFields: LookupFields[] = lookups
      .filter((lookup) => typeof lookup.config.as === 'string' && lookup.config.as !== '')
      .map((lookup) => {
        const source = lookup.config.source;
        if (source?.kind !== 'connector')
          return { alias: lookup.config.as, fields: lookupResultFields(lookup) };
        const described = descriptions[`${source.connection}/${source.object}`];
        const info = described?.state === 'ready' ? described.data.fields : [];
        const named = source.fields;
        const fields =
          named && named.length > 0 ? named.map((name) => info.find((f) => f.name === name) ?? name) : info;
        return { alias: lookup.config.as, fields };
      });
    return fieldChoices(
      triggerDescription.state === 'ready' ? triggerDescription.data : undefined,
      lookupFields,
      inUseKey === '' ? [] : inUseKey.split('\n'),
    );
  }, [lookups, descriptions, triggerDescription, inUseKey]);

  const aliases = useMemo(
    () =>
      lookups.map((lookup) => lookup.config.as).filter((alias) => typeof alias === 'string' && alias !== ''),
    [lookups],
  );
  return { groups, trigger: triggerDescription, aliases };
}
