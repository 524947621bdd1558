// What the pickers offer: the connections, the objects of a connection and the fields of an object,
// fetched from the connector's describe once per editor session and shared by every inspector.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ConnectionInfo, ConnectorObjectInfo } from '@flowsync/contracts';
import { api } from '../api/client.ts';
import { describeError } from '../api/http.ts';

export type Loadable<T> =
  { state: 'idle' } | { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: string };

interface MetadataState {
  connections: Loadable<ConnectionInfo[]>;
  objects: Record<string, Loadable<{ name: string; label: string }[]>>;
  /** Keyed `<connection>/<object>`. */
  descriptions: Record<string, Loadable<ConnectorObjectInfo>>;
  loadConnections(force?: boolean): void;
  loadObjects(connection: string, force?: boolean): void;
  loadDescription(connection: string, object: string, force?: boolean): void;
}

export const useConnectorMetadata = create<MetadataState>()((set, get) => ({
  connections: { state: 'idle' },
  objects: {},
  descriptions: {},
  loadConnections(force) {
    const current = get().connections.state;
    if (!force && (current === 'loading' || current === 'ready')) return;
    set({ connections: { state: 'loading' } });
    api.connections.list().then(
      (list) => set({ connections: { state: 'ready', data: list.connections } }),
      (error: unknown) => set({ connections: { state: 'error', error: describeError(error) } }),
    );
  },
  loadObjects(connection, force) {
    const current = get().objects[connection]?.state;
    if (!force && (current === 'loading' || current === 'ready')) return;
    const put = (value: Loadable<{ name: string; label: string }[]>) =>
      set((s) => ({ objects: { ...s.objects, [connection]: value } }));
    put({ state: 'loading' });
    api.connections.objects(connection).then(
      (list) => put({ state: 'ready', data: list.objects }),
      (error: unknown) => put({ state: 'error', error: describeError(error) }),
    );
  },
  loadDescription(connection, object, force) {
    const key = `${connection}/${object}`;
    const current = get().descriptions[key]?.state;
    if (!force && (current === 'loading' || current === 'ready')) return;
    const put = (value: Loadable<ConnectorObjectInfo>) =>
      set((s) => ({ descriptions: { ...s.descriptions, [key]: value } }));
    put({ state: 'loading' });
    api.connections.describe(connection, object).then(
      (info) => put({ state: 'ready', data: info }),
      (error: unknown) => put({ state: 'error', error: describeError(error) }),
    );
  },
}));

const IDLE = { state: 'idle' } as const;

/** The connections, loaded on first use. */
export function useConnections(): Loadable<ConnectionInfo[]> {
  const connections = useConnectorMetadata((s) => s.connections);
  const load = useConnectorMetadata((s) => s.loadConnections);
  useEffect(() => load(), [load]);
  return connections;
}

/** The objects of `connection` (idle while no connection is chosen). */
export function useObjects(connection: string | undefined): Loadable<{ name: string; label: string }[]> {
  const objects = useConnectorMetadata((s) => (connection ? s.objects[connection] : undefined));
  const load = useConnectorMetadata((s) => s.loadObjects);
  useEffect(() => {
    if (connection) load(connection);
  }, [connection, load]);
  return objects ?? IDLE;
}

/** The fields of `connection`/`object` from the connector's describe. */
export function useObjectDescription(
  connection: string | undefined,
  object: string | undefined,
): Loadable<ConnectorObjectInfo> {
  const description = useConnectorMetadata((s) =>
    connection && object ? s.descriptions[`${connection}/${object}`] : undefined,
  );
  const load = useConnectorMetadata((s) => s.loadDescription);
  useEffect(() => {
    if (connection && object) load(connection, object);
  }, [connection, object, load]);
  return description ?? IDLE;
}
