// Typed calls of the flowsync REST API (see /api/docs). Pages and stores call these, never fetch.
import type {
  CancelRunResponse,
  ConnectionList,
  ConnectionTestResult,
  ConnectorObjectInfo,
  ConnectorObjectList,
  ErrorList,
  ErrorListQuery,
  Flow,
  FlowDetail,
  FlowDiff,
  FlowList,
  FlowState,
  FlowVersionDetail,
  FlowVersionList,
  LedgerTimeline,
  LoginResponse,
  MeResponse,
  RecordError,
  RecordPayload,
  ResolveErrorsResponse,
  RetryErrorsResponse,
  RunDetail,
  RunList,
  RunListQuery,
  RunRecord,
  SampleRecords,
  SampleRecordsRequest,
  SavedFlow,
  ValidateFlowResponse,
} from '@flowsync/contracts';
import { request } from './http.ts';

const enc = encodeURIComponent;

export const api = {
  auth: {
    login: (email: string, password: string) =>
      request<LoginResponse>('POST', '/auth/login', { body: { email, password } }),
    logout: () => request<void>('POST', '/auth/logout'),
    me: () => request<MeResponse>('GET', '/auth/me'),
  },

  flows: {
    list: () => request<FlowList>('GET', '/flows'),
    get: (flowId: string) => request<FlowDetail>('GET', `/flows/${enc(flowId)}`),
    create: (flow: Flow, message?: string) =>
      request<SavedFlow>('POST', '/flows', { body: { flow, ...(message ? { message } : {}) } }),
    save: (flowId: string, flow: Flow, expectedVersion: number, message?: string) =>
      request<SavedFlow>('PUT', `/flows/${enc(flowId)}`, {
        body: { flow, expectedVersion, ...(message ? { message } : {}) },
      }),
    validate: (flow: unknown) => request<ValidateFlowResponse>('POST', '/flows/validate', { body: { flow } }),
    setEnabled: (flowId: string, enabled: boolean) =>
      request<FlowState>('PUT', `/flows/${enc(flowId)}/enabled`, { body: { enabled } }),
    versions: (flowId: string) => request<FlowVersionList>('GET', `/flows/${enc(flowId)}/versions`),
    version: (flowId: string, version: number) =>
      request<FlowVersionDetail>('GET', `/flows/${enc(flowId)}/versions/${version}`),
    restore: (flowId: string, version: number, expectedVersion: number) =>
      request<SavedFlow>('POST', `/flows/${enc(flowId)}/versions/${version}/restore`, {
        body: { expectedVersion },
      }),
    diff: (flowId: string, from?: number, to?: number) =>
      request<FlowDiff>('GET', `/flows/${enc(flowId)}/diff`, { query: { from, to } }),
    remove: (flowId: string) => request<void>('DELETE', `/flows/${enc(flowId)}`),
    runNow: (flowId: string) => request<RunRecord>('POST', `/flows/${enc(flowId)}/runs`),
    syncSelected: (flowId: string, sourceIds: string[]) =>
      request<RunRecord>('POST', `/flows/${enc(flowId)}/sync`, { body: { sourceIds } }),
  },

  connections: {
    list: () => request<ConnectionList>('GET', '/connections'),
    test: (name: string) => request<ConnectionTestResult>('POST', `/connections/${enc(name)}/test`),
    objects: (name: string) => request<ConnectorObjectList>('GET', `/connections/${enc(name)}/objects`),
    describe: (name: string, object: string) =>
      request<ConnectorObjectInfo>('GET', `/connections/${enc(name)}/objects/${enc(object)}`),
    sample: (name: string, object: string, body: SampleRecordsRequest) =>
      request<SampleRecords>('POST', `/connections/${enc(name)}/objects/${enc(object)}/sample`, { body }),
  },

  runs: {
    list: (query: RunListQuery = {}) => request<RunList>('GET', '/runs', { query: { ...query } }),
    get: (runId: string) => request<RunDetail>('GET', `/runs/${enc(runId)}`),
    cancel: (runId: string) => request<CancelRunResponse>('POST', `/runs/${enc(runId)}/cancel`),
  },

  errors: {
    list: (query: ErrorListQuery = {}) => request<ErrorList>('GET', '/errors', { query: { ...query } }),
    get: (errorId: string) => request<RecordError>('GET', `/errors/${enc(errorId)}`),
    editPayload: (errorId: string, payload: RecordPayload) =>
      request<RecordError>('PUT', `/errors/${enc(errorId)}/payload`, { body: { payload } }),
    retry: (ids: string[]) => request<RetryErrorsResponse>('POST', '/errors/retry', { body: { ids } }),
    resolve: (ids: string[]) => request<ResolveErrorsResponse>('POST', '/errors/resolve', { body: { ids } }),
  },

  ledger: {
    timeline: (recordId: string) => request<LedgerTimeline>('GET', `/ledger/records/${enc(recordId)}`),
  },
};
